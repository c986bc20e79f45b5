using System.Text;
using OstreeSharp.Fuzz.Engine;
using OstreeSharp.Signing.Ed25519;

namespace OstreeSharp.Fuzz.Targets;

/// <summary>
/// Ed25519 on arbitrary bytes. The first byte picks a mode: 0 = verify (key ‖ signature ‖ message: the raw-key and
/// cached-key paths must agree, and an accepted signature must have a canonical S and stop verifying once the message
/// changes); 1 = sign (seed ‖ message: the signature must verify, and must not after a bit flip); 2 = public key file
/// text (every parsed key must print and parse back to itself).
/// </summary>
public sealed class Ed25519Target : FuzzTarget
{
    public override string Name => "ed25519";

    public override string Description => "Ed25519 strict verify (raw vs cached key), sign/verify round trip, key files";

    public override int MaxInputLength => 4 * 1024;

    public override IEnumerable<byte[]> Seeds(SeedMaterial material)
    {
        byte[] seed = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        using var key = Ed25519PrivateKey.FromSeed(seed);
        byte[] msg = "ostree commit"u8.ToArray();
        yield return [0, .. key.PublicKey.Span, .. key.Sign(msg), .. msg];
        yield return [0, .. key.PublicKey.Span, .. key.Sign([])];
        yield return [0, 1, .. new byte[31], .. key.Sign(msg), .. msg];
        yield return [1, .. seed, .. msg];
        yield return [1, .. new byte[32]];
        yield return [2, .. Encoding.UTF8.GetBytes($"# keys\n{key.PublicKey.ToBase64()}\n\n  {key.PublicKey.ToBase64()}\r\n")];
    }

    public override void Execute(byte[] input)
    {
        if (input.Length == 0)
        {
            throw new OstreeDataException("empty input");
        }

        ReadOnlySpan<byte> body = input.AsSpan(1);
        switch (input[0] % 3)
        {
            case 0:
                Verify(body);
                break;
            case 1:
                SignRoundTrip(body);
                break;
            default:
                KeyFileRoundTrip(body);
                break;
        }
    }

    private static void Verify(ReadOnlySpan<byte> body)
    {
        if (body.Length < 96)
        {
            throw new OstreeDataException("verify mode needs 32 + 64 bytes");
        }

        ReadOnlySpan<byte> pub = body[..32];
        ReadOnlySpan<byte> sig = body[32..96];
        ReadOnlySpan<byte> msg = body[96..];
        bool raw = Ed25519Signature.Verify(pub, msg, sig);
        var key = Ed25519PublicKey.FromBytes(pub);
        bool cached = key.Verify(msg, sig);
        if (raw != cached)
        {
            throw new FuzzInvariantException($"ed25519: raw-key verify said {raw}, cached-key verify said {cached}");
        }

        if (raw)
        {
            if (!key.IsUsable || !Scalar25519.IsCanonical(sig[32..]))
            {
                throw new FuzzInvariantException("ed25519: accepted a signature under an unusable key or with S ≥ L");
            }

            byte[] longer = [.. msg, 0];
            if (key.Verify(longer, sig))
            {
                throw new FuzzInvariantException("ed25519: a signature verified for two messages");
            }
        }
    }

    private static void SignRoundTrip(ReadOnlySpan<byte> body)
    {
        if (body.Length < 32)
        {
            throw new OstreeDataException("sign mode needs a 32-byte seed");
        }

        using var key = Ed25519PrivateKey.FromSeed(body[..32]);
        ReadOnlySpan<byte> msg = body[32..];
        byte[] sig = key.Sign(msg);
        if (!key.PublicKey.Verify(msg, sig) || !Ed25519Signature.Verify(key.PublicKey.Span, msg, sig))
        {
            throw new FuzzInvariantException("ed25519: own signature does not verify");
        }

        int bit = (body[0] + (msg.Length * 7)) % 512;
        sig[bit >> 3] ^= (byte)(1 << (bit & 7));
        if (key.PublicKey.Verify(msg, sig))
        {
            throw new FuzzInvariantException($"ed25519: signature with bit {bit} flipped still verifies");
        }
    }

    private static void KeyFileRoundTrip(ReadOnlySpan<byte> body)
    {
        foreach (Ed25519PublicKey key in Ed25519KeyFile.ParsePublicKeys(body))
        {
            if (!Ed25519PublicKey.Parse(key.ToBase64()).Equals(key))
            {
                throw new FuzzInvariantException($"ed25519: key {key} does not round-trip through base64");
            }
        }
    }
}
