using OstreeSharp.Fuzz.Engine;
using OstreeSharp.Signing.OpenPgp;

namespace OstreeSharp.Fuzz.Targets;

/// <summary>
/// <c>gpg --export-secret-keys</c> output as <c>commit --gpg-sign</c> reads it: the secret keyring is loaded (self- and
/// binding signatures checked), the signing key selected as gpg would, and unprotected keys unlocked and used to sign.
/// Protected keys are not unlocked here: a mutated S2K count costs up to 65 MB of hashing per input. Only
/// <see cref="OpenPgpFormatException"/> may reject input (a key that cannot sign is reported as
/// <see cref="OpenPgpKeyNotFoundException"/>, an expected outcome handled here). Seeds come from the real gpg.
/// </summary>
public sealed class OpenPgpSecretKeyTarget : FuzzTarget
{
    private static readonly byte[] Message = "fuzzed commit"u8.ToArray();

    public override string Name => "openpgp-secret";

    public override string Description => "OpenPGP secret keyring load, signing-key selection and signing (seeds from gpg)";

    public override TimeSpan Timeout => TimeSpan.FromSeconds(10);

    public override IEnumerable<byte[]> Seeds(SeedMaterial material)
    {
        var seeds = new List<byte[]>();
        foreach (var algo in new[] { "ed25519", "rsa2048" })
        {
            if (GpgSeed(algo) is { } s)
                seeds.Add(s);
        }
        // Without gpg: a v4 EdDSA secret key packet with an unprotected seed of zeros is still parseable input.
        seeds.Add([0x95, 0x05, 0x04, 0, 0, 0, 0]);
        return seeds;
    }

    public override void Execute(byte[] input)
    {
        var keyring = OpenPgpSecretKeyring.Load(input);
        foreach (var secret in keyring.SecretKeys)
        {
            _ = secret.IsProtected;
            _ = secret.PublicKey.KeyFlags;
            _ = secret.PublicKey.IsRevoked;
        }
        OpenPgpSecretKey chosen;
        try
        {
            chosen = keyring.SelectSigningKey(null, DateTimeOffset.FromUnixTimeSeconds(2_000_000_000));
        }
        catch (OpenPgpKeyNotFoundException)
        {
            return;
        }
        if (chosen.IsProtected)
            return;
        using var key = chosen.Unlock();
        byte[] signature = key.SignDetached(Message);
        var results = keyring.PublicKeys.VerifyDetached(Message, signature, new OpenPgpVerifyOptions { Now = DateTimeOffset.FromUnixTimeSeconds(2_000_000_000) });
        // The key found by fingerprint has the same packet body as the one that signed, so the mathematics must agree.
        if (results.Count != 1 || results[0].Status == OpenPgpVerificationStatus.BadSignature)
            throw new InvalidOperationException($"A signature by the selected key did not verify: {results[0].Status}");
    }

    private static byte[]? GpgSeed(string algo) => GpgSeeds.WithNewKey(algo, home => GpgSeeds.Gpg(home, "--export-secret-keys"));
}
