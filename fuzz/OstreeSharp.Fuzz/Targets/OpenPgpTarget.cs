using System.Text;
using OstreeSharp.Fuzz.Engine;
using OstreeSharp.Signing.OpenPgp;

namespace OstreeSharp.Fuzz.Targets;

/// <summary>
/// OpenPGP input from a remote's keyring and from <c>ostree.gpgsigs</c>: the input is a 2-byte big-endian length,
/// a keyring (binary or armored) of that length, then detached signature packets over a fixed message. The keyring
/// is loaded (binding signatures checked) and the signatures verified. Only <see cref="OpenPgpFormatException"/> (an
/// <c>OstreeDataException</c>) may reject input. Seeds come from the real gpg.
/// </summary>
public sealed class OpenPgpTarget : FuzzTarget
{
    private static readonly byte[] Message = "fuzzed data"u8.ToArray();

    public override string Name => "openpgp";

    public override string Description => "OpenPGP keyring load and detached-signature verification (seeds from gpg)";

    public override TimeSpan Timeout => TimeSpan.FromSeconds(10);

    public override IEnumerable<byte[]> Seeds(SeedMaterial material)
    {
        var seeds = new List<byte[]>();
        foreach (var algo in new[] { "ed25519", "rsa2048" })
        {
            if (GpgSeed(algo) is { } s)
                seeds.Add(s);
        }
        // Without gpg: an armored block and a user ID packet.
        byte[] armored = Encoding.UTF8.GetBytes(OpenPgpArmor.Encode("PGP PUBLIC KEY BLOCK", [0xCD, 0x04, (byte)'t', (byte)'e', (byte)'s', (byte)'t']));
        seeds.Add([(byte)(armored.Length >> 8), (byte)armored.Length, .. armored, 0x88, 0x00]);
        return seeds;
    }

    public override void Execute(byte[] input)
    {
        if (input.Length < 2)
            throw new OpenPgpFormatException("input shorter than the length prefix");
        int keyLength = Math.Min((input[0] << 8) | input[1], input.Length - 2);
        var keyring = OpenPgpKeyring.Load(input.AsSpan(2, keyLength).ToArray());
        var signatures = input.AsSpan(2 + keyLength).ToArray();
        var reader = new OpenPgpPacketReader(signatures);
        while (reader.TryRead(out _))
        {
        }
        foreach (var result in keyring.VerifyDetached(Message, signatures))
        {
            _ = result.Status;
        }
    }

    private static byte[]? GpgSeed(string algo) => GpgSeeds.WithNewKey(algo, home =>
    {
        string msgPath = Path.Combine(home, "msg");
        File.WriteAllBytes(msgPath, Message);
        var key = GpgSeeds.Gpg(home, "--export");
        var sig = GpgSeeds.Gpg(home, "--detach-sign", "--output", "-", msgPath);
        return key is null || sig is null ? null : [(byte)(key.Length >> 8), (byte)key.Length, .. key, .. sig];
    });
}
