using System.Security.Cryptography;
using OstreeSharp.Signing.Ed25519;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Signing.Ed25519;

public class Ed25519StrictnessTests
{
    // The eight points of order 1, 2, 4 and 8, each under every canonical encoding that decodes.
    public static readonly string[] SmallOrderCanonical =
    [
        "0100000000000000000000000000000000000000000000000000000000000000", // identity (order 1)
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = -1 (order 2)
        "0000000000000000000000000000000000000000000000000000000000000000", // y = 0, x even (order 4)
        "0000000000000000000000000000000000000000000000000000000000000080", // y = 0, x odd (order 4)
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85", // order 8
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa", // order 8
    ];

    // Encodings of small-order points that are refused even before the order check.
    public static readonly string[] SmallOrderRejectedEncodings =
    [
        "0100000000000000000000000000000000000000000000000000000000000080", // identity with sign bit (x = 0)
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", // y = -1 with sign bit (x = 0)
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p ≡ 0 (non-canonical)
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", // y = p ≡ 0, sign bit (non-canonical)
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p + 1 ≡ 1 (non-canonical identity)
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", // same with sign bit
    ];

    private static readonly byte[] Seed = Hex.Parse("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");

    [Fact]
    public void SmallOrderListIsExactlyTheEightTorsionPoints()
    {
        var distinct = new HashSet<string>();
        foreach (string hex in SmallOrderCanonical)
        {
            Assert.True(EdwardsPoint.TryDecode(Hex.Parse(hex), out EdwardsPoint p), hex);
            Assert.True(p.HasSmallOrder, hex);
            Assert.Equal(hex, Hex.Format(LaxEquation.Encode(p)));
            distinct.Add(hex);
        }

        Assert.Equal(8, distinct.Count);
        Assert.True(EdwardsPoint.TryDecode(Hex.Parse("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"), out EdwardsPoint ok));
        Assert.False(ok.HasSmallOrder);
    }

    [Fact]
    public void NonCanonicalSIsRejected()
    {
        using var key = Ed25519PrivateKey.FromSeed(Seed);
        for (int i = 0; i < 16; i++)
        {
            byte[] msg = RandomNumberGenerator.GetBytes(i * 7);
            byte[] sig = key.Sign(msg);
            Assert.True(key.PublicKey.Verify(msg, sig));
            byte[] bad = [.. sig[..32], .. LaxEquation.AddL(sig[32..])];
            Assert.True(LaxEquation.Holds(key.PublicKey.Span, msg, bad), "S + L satisfies the bare equation");
            Assert.False(key.PublicKey.Verify(msg, bad));
            Assert.False(Ed25519Signature.Verify(key.PublicKey.Span, msg, bad));
        }
    }

    [Fact]
    public void ScalarCanonicalBoundaryIsL()
    {
        byte[] lMinus1 = (byte[])LaxEquation.L.Clone();
        lMinus1[0]--;
        Assert.True(Scalar25519.IsCanonical(lMinus1));
        Assert.False(Scalar25519.IsCanonical(LaxEquation.L));
        Assert.True(Scalar25519.IsCanonical(new byte[32]));
        Assert.False(Scalar25519.IsCanonical(Enumerable.Repeat((byte)0xff, 32).ToArray()));
    }

    public static TheoryData<string> AllSmallOrderEncodings()
    {
        var data = new TheoryData<string>();
        foreach (string s in SmallOrderCanonical.Concat(SmallOrderRejectedEncodings))
        {
            data.Add(s);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllSmallOrderEncodings))]
    public void SmallOrderPublicKeysAreRejected(string hex)
    {
        byte[] a = Hex.Parse(hex);
        Assert.False(Ed25519PublicKey.FromBytes(a).IsUsable);
        bool decodesModP = LaxEquation.TryDecodeLax(a, out _);
        Assert.True(decodesModP || (a[31] & 0x80) != 0);

        // Forge: R = [s]B for random s until [k]A is the identity (k ≡ 0 mod the order of A); then [s]B = R + [k]A.
        int forged = 0;
        for (int attempt = 0; attempt < 400 && forged < 3; attempt++)
        {
            byte[] msg = RandomNumberGenerator.GetBytes(attempt % 40);
            byte[] s = new byte[32];
            Scalar25519.Reduce(RandomNumberGenerator.GetBytes(64), s);
            byte[] r = LaxEquation.Encode(Ed25519Core.MultiplyBase(s));
            byte[] sig = [.. r, .. s];
            if (!LaxEquation.Holds(a, msg, sig))
            {
                continue;
            }

            forged++;
            Assert.False(Ed25519Signature.Verify(a.AsSpan(), msg, sig), $"forgery accepted under key {hex}");
            Assert.False(Ed25519PublicKey.FromBytes(a).Verify(msg, sig));
        }

        if (decodesModP)
        {
            Assert.True(forged > 0, "the forgery construction produced no candidate");
        }
    }

    [Theory]
    [InlineData("0100000000000000000000000000000000000000000000000000000000000000")] // canonical identity
    [InlineData("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")] // y = p + 1: non-canonical identity
    public void IdentityRIsRejectedInBothEncodings(string rHex)
    {
        // With R = identity and S = k·a, [S]B = [k]A = R + [k]A: the bare equation holds for a real key.
        using var key = Ed25519PrivateKey.FromSeed(Seed);
        byte[] a = LaxEquation.SecretScalar(Seed);
        byte[] r = Hex.Parse(rHex);
        byte[] msg = "ostree"u8.ToArray();
        byte[] k = new byte[32];
        Scalar25519.Reduce(SHA512.HashData([.. r, .. key.PublicKey.Span, .. msg]), k);
        byte[] s = new byte[32];
        Scalar25519.MultiplyAdd(k, a, new byte[32], s);
        byte[] sig = [.. r, .. s];

        Assert.True(LaxEquation.Holds(key.PublicKey.Span, msg, sig));
        Assert.False(key.PublicKey.Verify(msg, sig));
    }

    [Fact]
    public void NonCanonicalREncodingsAreRejected()
    {
        // Every y in [p, 2^255) with either sign bit: refused whatever S is.
        using var key = Ed25519PrivateKey.FromSeed(Seed);
        byte[] msg = "m"u8.ToArray();
        byte[] good = key.Sign(msg);
        for (int low = 0xed; low <= 0xff; low++)
        {
            foreach (byte top in new byte[] { 0x7f, 0xff })
            {
                byte[] r = Enumerable.Repeat((byte)0xff, 32).ToArray();
                r[0] = (byte)low;
                r[31] = top;
                Assert.False(EdwardsPoint.IsCanonicalFieldEncoding(r));
                Assert.False(key.PublicKey.Verify(msg, [.. r, .. good[32..]]));
            }
        }

        byte[] justBelow = Enumerable.Repeat((byte)0xff, 32).ToArray();
        justBelow[0] = 0xec;
        justBelow[31] = 0x7f;
        Assert.True(EdwardsPoint.IsCanonicalFieldEncoding(justBelow));
    }

    [Fact]
    public void NonCanonicalPublicKeysAreRejected()
    {
        // y = p + t for t = 0..18: whichever of them decode mod p are still refused as keys.
        int decodable = 0;
        for (int t = 0; t <= 18; t++)
        {
            foreach (byte top in new byte[] { 0x7f, 0xff })
            {
                byte[] a = Enumerable.Repeat((byte)0xff, 32).ToArray();
                a[0] = (byte)(0xed + t);
                a[31] = top;
                if (LaxEquation.TryDecodeLax(a, out _))
                {
                    decodable++;
                }

                Assert.False(Ed25519PublicKey.FromBytes(a).IsUsable);
                Assert.False(EdwardsPoint.TryDecode(a, out _));
            }
        }

        Assert.True(decodable > 2, "some non-canonical encodings are curve points mod p");
    }

    [Fact]
    public void NonCanonicalEncodingOfARealKeyIsRejected()
    {
        // Search for a point whose y < 19 (so y + p still fits in 255 bits) and that is not small order, then check
        // that the canonical encoding is usable and the non-canonical one is not.
        int found = 0;
        for (int y = 2; y < 19; y++)
        {
            byte[] canonical = new byte[32];
            canonical[0] = (byte)y;
            if (!EdwardsPoint.TryDecode(canonical, out EdwardsPoint p) || p.HasSmallOrder)
            {
                continue;
            }

            found++;
            byte[] nonCanonical = Enumerable.Repeat((byte)0xff, 32).ToArray();
            nonCanonical[0] = (byte)(0xed + y);
            nonCanonical[31] = 0x7f;
            Assert.True(Ed25519PublicKey.FromBytes(canonical).IsUsable);
            Assert.False(Ed25519PublicKey.FromBytes(nonCanonical).IsUsable);
        }

        Assert.True(found > 0);
    }

    [Fact]
    public void WrongLengthsAreRejected()
    {
        using var key = Ed25519PrivateKey.FromSeed(Seed);
        byte[] msg = [1, 2, 3];
        byte[] sig = key.Sign(msg);
        Assert.True(Ed25519Signature.Verify(key.PublicKey.Span, msg, sig));
        Assert.False(Ed25519Signature.Verify(key.PublicKey.Span, msg, sig[..63]));
        Assert.False(Ed25519Signature.Verify(key.PublicKey.Span, msg, [.. sig, 0]));
        Assert.False(Ed25519Signature.Verify(key.PublicKey.Span[..31], msg, sig));
        Assert.False(key.PublicKey.Verify(msg, ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void OffCurveKeysAndRAreRejected()
    {
        int offCurve = 0;
        for (int y = 2; y < 200 && offCurve < 5; y++)
        {
            byte[] enc = new byte[32];
            enc[0] = (byte)y;
            enc[5] = 0x42;
            if (EdwardsPoint.TryDecode(enc, out _))
            {
                continue;
            }

            offCurve++;
            Assert.False(Ed25519PublicKey.FromBytes(enc).IsUsable);
        }

        Assert.Equal(5, offCurve);
    }

    [Theory]
    [MemberData(nameof(AllSmallOrderEncodings))]
    public void SmallOrderRIsRejected(string hex)
    {
        using var key = Ed25519PrivateKey.FromSeed(Seed);
        byte[] msg = "r"u8.ToArray();
        byte[] good = key.Sign(msg);
        Assert.False(key.PublicKey.Verify(msg, [.. Hex.Parse(hex), .. good[32..]]));
    }

    [Fact]
    public void MixedOrderKeysAreAcceptedLikeLibsodium()
    {
        // A + T with T of order 8 is canonical, on the curve and not of small order: usable (libsodium accepts it too);
        // it does not verify signatures made for A.
        using var key = Ed25519PrivateKey.FromSeed(Seed);
        Assert.True(EdwardsPoint.TryDecode(key.PublicKey.Span, out EdwardsPoint a));
        Assert.True(EdwardsPoint.TryDecode(Hex.Parse(SmallOrderCanonical[4]), out EdwardsPoint t));
        byte[] mixed = LaxEquation.Encode(EdwardsPoint.Add(a, t.ToCached()));
        var mixedKey = Ed25519PublicKey.FromBytes(mixed);
        Assert.True(mixedKey.IsUsable);
        byte[] msg = "m"u8.ToArray();
        Assert.False(mixedKey.Verify(msg, key.Sign(msg)));
    }
}
