using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.Signing.Ed25519;

namespace OstreeSharp.Tests.Signing.Ed25519;

public class Ed25519RoundTripTests
{
    private static readonly Gen<byte> AnyByte = Gen.Choose(0, 255).Select(i => (byte)i);
    private static readonly Gen<byte[]> Seeds = Gen.ArrayOf(AnyByte, 32);
    private static readonly Gen<byte[]> Messages = Gen.Choose(0, 300).SelectMany(n => Gen.ArrayOf(AnyByte, n));

    [Fact]
    public void SignThenVerifyAndAnyBitFlipFails()
    {
        var cases =
            from seed in Seeds
            from msg in Messages
            from target in Gen.Choose(0, 2)
            from bit in Gen.Choose(0, 511)
            select (seed, msg, target, bit);

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var key = Ed25519PrivateKey.FromSeed(c.seed);
            byte[] sig = key.Sign(c.msg);
            byte[] pub = key.PublicKey.ToArray();
            if (!Ed25519Signature.Verify(key.PublicKey, c.msg, sig) || !Ed25519Signature.Verify(pub, c.msg, sig))
            {
                return false;
            }

            byte[] msg = (byte[])c.msg.Clone();
            byte[] s2 = (byte[])sig.Clone();
            byte[] p2 = (byte[])pub.Clone();
            switch (c.target)
            {
                case 0 when msg.Length > 0:
                    int mbit = c.bit % (msg.Length * 8);
                    msg[mbit >> 3] ^= (byte)(1 << (mbit & 7));
                    break;
                case 0:
                    msg = [0];
                    break;
                case 1:
                    s2[c.bit >> 3] ^= (byte)(1 << (c.bit & 7));
                    break;
                default:
                    int kbit = c.bit % 256;
                    p2[kbit >> 3] ^= (byte)(1 << (kbit & 7));
                    break;
            }

            return !Ed25519Signature.Verify(p2, msg, s2) && !Ed25519PublicKey.FromBytes(p2).Verify(msg, s2);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void EveryBitOfOneSignatureMatters()
    {
        using var key = Ed25519PrivateKey.Generate();
        byte[] msg = "commit bytes"u8.ToArray();
        byte[] sig = key.Sign(msg);
        Assert.True(key.PublicKey.Verify(msg, sig));
        for (int bit = 0; bit < 512; bit++)
        {
            byte[] bad = (byte[])sig.Clone();
            bad[bit >> 3] ^= (byte)(1 << (bit & 7));
            Assert.False(key.PublicKey.Verify(msg, bad), $"bit {bit}");
        }

        byte[] pub = key.PublicKey.ToArray();
        for (int bit = 0; bit < 256; bit++)
        {
            byte[] bad = (byte[])pub.Clone();
            bad[bit >> 3] ^= (byte)(1 << (bit & 7));
            Assert.False(Ed25519Signature.Verify(bad, msg, sig), $"key bit {bit}");
        }
    }

    [Fact]
    public void SigningIsDeterministicAndKeysRoundTrip()
    {
        Prop.ForAll(Seeds.ToArbitrary(), Messages.ToArbitrary(), (seed, msg) =>
        {
            using var a = Ed25519PrivateKey.FromSeed(seed);
            using var b = Ed25519PrivateKey.FromLibsodiumSecretKey(a.ExportLibsodiumSecretKey());
            using var c = Ed25519PrivateKey.Parse(Convert.ToBase64String(a.ExportLibsodiumSecretKey()));
            using var d = Ed25519PrivateKey.Parse(Convert.ToBase64String(seed));
            var pub = Ed25519PublicKey.Parse(a.PublicKey.ToBase64());
            byte[] sig = a.Sign(msg);
            return sig.AsSpan().SequenceEqual(b.Sign(msg)) && sig.AsSpan().SequenceEqual(c.Sign(msg))
                && sig.AsSpan().SequenceEqual(d.Sign(msg)) && pub.Equals(a.PublicKey) && pub.Verify(msg, sig)
                && a.ExportSeed().AsSpan().SequenceEqual(seed);
        }).QuickCheckThrowOnFailure();
    }
}
