using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using OstreeSharp.Signing.Ed25519;
using OstreeSharp.Signing.OpenPgp;
using static OstreeSharp.Tests.Signing.OpenPgp.OpenPgpV6Vectors;

namespace OstreeSharp.Tests.Signing.OpenPgp;

/// <summary>
/// Keys the vectors do not cover, built here from BCL / in-house key material: a v6 RSA key (MPIs inside the
/// length-delimited v6 material, unprotected secret without checksum) and a v4 key using the RFC 9580 native Ed25519
/// algorithm (27: raw 32-octet key, raw 64-octet signature, v4 2-octet secret checksum).
/// </summary>
public class OpenPgpNativeAndRsaV6Tests
{
    private static readonly byte[] Data = Encoding.UTF8.GetBytes("signed bytes\n\0\x01");
    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static byte[] Mpi(ReadOnlySpan<byte> magnitude)
    {
        int i = 0;
        while (i < magnitude.Length && magnitude[i] == 0)
        {
            i++;
        }
        magnitude = magnitude[i..];
        int bits = magnitude.IsEmpty ? 0 : ((magnitude.Length - 1) * 8) + (32 - BitOperations.LeadingZeroCount((uint)magnitude[0]));
        return [(byte)(bits >> 8), (byte)bits, .. magnitude];
    }

    private static byte[] Big(BigInteger v) => v.ToByteArray(isUnsigned: true, isBigEndian: true);

    [Fact]
    public void V6RsaKeySignsAndVerifies()
    {
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(includePrivateParameters: true);
        byte[] material = [.. Mpi(p.Modulus), .. Mpi(p.Exponent)];
        byte[] pub = [6, 0, 0, 0, 0, 1, 0, 0, 0, 0, .. material];
        BinaryPrimitives.WriteUInt32BigEndian(pub.AsSpan(1), (uint)Created.ToUnixTimeSeconds());
        BinaryPrimitives.WriteUInt32BigEndian(pub.AsSpan(6), (uint)material.Length);
        var bp = new BigInteger(p.P, isUnsigned: true, isBigEndian: true);
        var bq = new BigInteger(p.Q, isUnsigned: true, isBigEndian: true);
        byte[] u = Big(BigInteger.ModPow(bp, bq - 2, bq));
        byte[] secret = [.. pub, 0, .. Mpi(p.D), .. Mpi(p.P), .. Mpi(p.Q), .. Mpi(u)];

        var secrets = OpenPgpSecretKeyring.Load(Packet(5, secret));
        var key = Assert.Single(secrets.SecretKeys);
        Assert.Equal(6, key.PublicKey.Version);
        Assert.Equal(OpenPgpPublicKeyAlgorithm.Rsa, key.PublicKey.Algorithm);
        Assert.True(key.PublicKey.CanVerify);
        Assert.Equal(p.Modulus, key.PublicKey.RsaModulus.ToArray());
        using var signing = key.Unlock();
        byte[] sig = signing.SignDetached(Data, new OpenPgpSignOptions { CreationTime = Created.AddHours(1), HashAlgorithm = OpenPgpHashAlgorithm.Sha512 });
        Assert.Equal(0xC2, sig[0]);
        Assert.True(sig.Length > 256 + 32);

        var keyring = OpenPgpKeyring.Load(Packet(6, pub));
        var result = Assert.Single(keyring.VerifyDetached(Data, sig));
        Assert.Equal(OpenPgpVerificationStatus.Valid, result.Status);
        Assert.Equal(32, result.Signature.Salt.Length);
        Assert.Single(result.Signature.SignatureValues);
        byte[] other = [.. Data, 1];
        Assert.Equal(OpenPgpVerificationStatus.BadSignature, keyring.VerifyDetached(other, sig)[0].Status);

        // An unprotected v6 RSA secret with a trailing byte, or a missing MPI, is malformed.
        Assert.Throws<OpenPgpFormatException>(() => OpenPgpSecretKeyring.Load(Packet(5, [.. secret, 0])));
        Assert.Throws<OpenPgpFormatException>(() => OpenPgpSecretKeyring.Load(Packet(5, secret[..^(u.Length + 2)])));
    }

    [Fact]
    public void V4KeyWithNativeEd25519SignsAndVerifies()
    {
        byte[] seed = RandomNumberGenerator.GetBytes(32);
        using var ed = Ed25519PrivateKey.FromSeed(seed);
        byte[] pub = [4, 0, 0, 0, 0, 27, .. ed.PublicKey.ToArray()];
        BinaryPrimitives.WriteUInt32BigEndian(pub.AsSpan(1), (uint)Created.ToUnixTimeSeconds());
        int sum = seed.Sum(b => (int)b) & 0xFFFF;
        byte[] secret = [.. pub, 0, .. seed, (byte)(sum >> 8), (byte)sum];

        var key = Assert.Single(OpenPgpSecretKeyring.Load(Packet(5, secret)).SecretKeys);
        Assert.Equal(4, key.PublicKey.Version);
        Assert.Equal(40, key.PublicKey.Fingerprint.Length);
        Assert.Equal(key.PublicKey.Fingerprint[^16..], key.PublicKey.KeyIdHex);
        Assert.True(key.CanCreateSignatures);
        using var signing = key.Unlock();
        byte[] sig = signing.SignDetached(Data, new OpenPgpSignOptions { CreationTime = Created.AddHours(1) });
        var keyring = OpenPgpKeyring.Load(Packet(6, pub));
        var result = Assert.Single(keyring.VerifyDetached(Data, sig));
        Assert.Equal(OpenPgpVerificationStatus.Valid, result.Status);
        Assert.Equal(4, result.Signature.Version);
        Assert.Equal(64, Assert.Single(result.Signature.SignatureValues).Length);
        Assert.True(result.Signature.Salt.IsEmpty);

        byte[] badSum = (byte[])secret.Clone();
        badSum[^1] ^= 1;
        Assert.Throws<OpenPgpFormatException>(() => OpenPgpSecretKeyring.Load(Packet(5, badSum)));
    }

    [Fact]
    public void V6SignatureByAV4KeyIdIsBad()
    {
        // A key only makes signatures of its own version: a v6 signature naming a v4 key (same Ed25519 material) is bad.
        byte[] seed = RandomNumberGenerator.GetBytes(32);
        using var ed = Ed25519PrivateKey.FromSeed(seed);
        byte[] pub4 = [4, 0x65, 0x53, 0xF1, 0x00, 27, .. ed.PublicKey.ToArray()];
        var v4 = OpenPgpPublicKey.Parse(pub4, isSubkey: false);
        var keyring = OpenPgpKeyring.Load(Packet(6, pub4));
        byte[] sig = V6Signature(ed, OpenPgpSignatureType.BinaryDocument, [.. CreationTime(Created.AddDays(1)), .. IssuerFingerprint(v4)], [], Data);
        Assert.Equal(OpenPgpVerificationStatus.BadSignature, Assert.Single(keyring.VerifyDetached(Data, sig)).Status);
    }
}
