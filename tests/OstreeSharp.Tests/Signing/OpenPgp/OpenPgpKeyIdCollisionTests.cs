using System.Security.Cryptography;
using System.Text;
using OstreeSharp.Signing.Ed25519;
using OstreeSharp.Signing.OpenPgp;
using static OstreeSharp.Tests.Signing.OpenPgp.OpenPgpV6Vectors;

namespace OstreeSharp.Tests.Signing.OpenPgp;

/// <summary>
/// Key-ID collisions: keyrings never throw on duplicate key IDs, the verifier tries every key whose ID matches the
/// issuer (the issuer fingerprint, when present, decides), and a signature naming a key that did not make it is a
/// BadSignature. Genuinely distinct keys with equal 64-bit IDs cannot be produced on demand, so collisions are
/// simulated with keys generated here (v6 Ed25519, self-signatures built by hand following RFC 9580 §5.2.4):
/// the same key material appearing twice (as a primary and as another key's subkey, or the same key imported twice),
/// and signatures whose issuer subpackets name a different key than the one that signed.
/// </summary>
public class OpenPgpKeyIdCollisionTests
{
    private static readonly byte[] Data = Encoding.UTF8.GetBytes("ostree commit bytes for collision tests\n");
    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeSeconds(1_650_000_000);
    private static readonly OpenPgpVerifyOptions Options = new() { Now = Created.AddDays(10) };

    private sealed class TestKey : IDisposable
    {
        public TestKey()
        {
            Seed = RandomNumberGenerator.GetBytes(32);
            Private = Ed25519PrivateKey.FromSeed(Seed);
            Body = V6KeyBody(Private, Created);
            Public = OpenPgpPublicKey.Parse(Body, isSubkey: false);
        }

        public byte[] Seed { get; }
        public Ed25519PrivateKey Private { get; }
        public byte[] Body { get; }
        public OpenPgpPublicKey Public { get; }

        /// <summary>A data signature whose subpackets are chosen by the test (so they may name another key).</summary>
        public byte[] SignData(byte[] hashedIssuer, byte[]? unhashed = null) =>
            V6Signature(Private, OpenPgpSignatureType.BinaryDocument, [.. CreationTime(Created.AddDays(1)), .. hashedIssuer], unhashed ?? [], Data);

        public void Dispose() => Private.Dispose();
    }

    [Fact]
    public void SameCertificateImportedTwiceLoadsAndVerifies()
    {
        using var signing = OpenPgpSecretKeyring.Load(SecretKeyBytes).SecretKeys[0].Unlock();
        byte[] sig = signing.SignDetached(Data);
        var keyring = new OpenPgpKeyring();
        keyring.Add(CertificateBytes);
        keyring.Add(Encoding.ASCII.GetBytes(Certificate));
        Assert.Equal(2, keyring.PrimaryKeys.Count);
        Assert.Equal(2, keyring.FindByKeyId(keyring.PrimaryKeys[0].KeyId).Count);
        Assert.Equal(2, keyring.FindAllByFingerprint(Convert.FromHexString(PrimaryFingerprint)).Count);
        Assert.Same(keyring.PrimaryKeys[0], keyring.FindByFingerprint(PrimaryFingerprint));
        Assert.Equal(OpenPgpVerificationStatus.Valid, Assert.Single(keyring.VerifyDetached(Data, sig)).Status);
    }

    [Fact]
    public void SecretKeyImportedTwiceLoadsAndSigns()
    {
        var secrets = OpenPgpSecretKeyring.Load(Cat(SecretKeyBytes, SecretKeyBytes));
        Assert.Equal(2, secrets.PublicKeys.PrimaryKeys.Count);
        Assert.Equal(2, secrets.SecretKeys.Count); // one per fingerprint
        using var signing = secrets.SelectSigningKey(PrimaryFingerprint[..16]).Unlock();
        byte[] sig = signing.SignDetached(Data);
        Assert.True(OpenPgpKeyring.Load(CertificateBytes).VerifyDetached(Data, sig)[0].IsValid);
    }

    [Fact]
    public void EveryCandidateWithTheIssuerKeyIdIsTried()
    {
        // Simulated collision: key K is loaded as primary P1 (whose direct-key signature only allows certification) and
        // again as a properly bound signing subkey of another primary P2. A signature by K names only K's key ID, so
        // both copies are candidates: the first (P1) verifies but may not sign; the second (P2's subkey) is valid.
        using var k = new TestKey();
        using var l = new TestKey();
        byte[] direct = V6Signature(k.Private, OpenPgpSignatureType.DirectKey,
            [.. CreationTime(Created), .. Subpacket(27, 0x01), .. IssuerFingerprint(k.Public)], [], HashedV6Key(k.Body));
        byte[] bound = [.. HashedV6Key(l.Body), .. HashedV6Key(k.Body)];
        byte[] back = Packets(V6Signature(k.Private, OpenPgpSignatureType.PrimaryKeyBinding,
            [.. CreationTime(Created), .. IssuerFingerprint(k.Public)], [], bound))[0].Body.ToArray();
        byte[] binding = V6Signature(l.Private, OpenPgpSignatureType.SubkeyBinding,
            [.. CreationTime(Created), .. Subpacket(27, 0x02), .. IssuerFingerprint(l.Public), .. Subpacket(32, back)], [], bound);
        byte[] keyring =
        [
            .. Packet(6, k.Body), .. direct,
            .. Packet(6, l.Body), .. Packet(14, k.Body), .. binding,
        ];
        var ring = OpenPgpKeyring.Load(keyring);
        var copies = ring.FindByKeyId(k.Public.KeyId);
        Assert.Equal(2, copies.Count);
        Assert.False(copies[0].IsSubkey);
        Assert.Equal(0x01, copies[0].KeyFlags);
        Assert.True(copies[1].IsSubkey);
        Assert.True(copies[1].HasValidBinding);

        byte[] sig = k.SignData(IssuerKeyId(k.Public.KeyId));
        var result = Assert.Single(ring.VerifyDetached(Data, sig, Options));
        Assert.Equal(OpenPgpVerificationStatus.Valid, result.Status);
        Assert.Same(copies[1], result.Key);
        Assert.Equal(l.Public.Fingerprint, result.PrimaryKeyFingerprint);

        // Without the second copy only the certify-only primary remains: the signature verifies but the usage is wrong.
        var only = OpenPgpKeyring.Load(Cat(Packet(6, k.Body), direct));
        Assert.Equal(OpenPgpVerificationStatus.WrongKeyUsage, only.VerifyDetached(Data, sig, Options)[0].Status);

        // The issuer fingerprint names the key exactly: both copies share it, so both are still tried.
        byte[] byFingerprint = k.SignData(IssuerFingerprint(k.Public));
        Assert.Equal(OpenPgpVerificationStatus.Valid, ring.VerifyDetached(Data, byFingerprint, Options)[0].Status);
    }

    [Fact]
    public void IssuerKeyIdOfAKeyThatDidNotSignIsABadSignature()
    {
        // Simulated collision: M signs but names K's key ID (as a colliding ID would); K is in the keyring, M is not.
        using var k = new TestKey();
        using var m = new TestKey();
        var ring = OpenPgpKeyring.Load(Packet(6, k.Body));
        foreach (byte[] sig in new[] { m.SignData(IssuerKeyId(k.Public.KeyId)), m.SignData([], IssuerKeyId(k.Public.KeyId)), m.SignData(IssuerFingerprint(k.Public)) })
        {
            var result = Assert.Single(ring.VerifyDetached(Data, sig, Options));
            Assert.Equal(OpenPgpVerificationStatus.BadSignature, result.Status);
            Assert.Equal(k.Public.Fingerprint, result.KeyFingerprint);
        }
        // With M also in the keyring, the ID still names only K, so the signature is still bad (no guessing).
        var both = OpenPgpKeyring.Load(Cat(Packet(6, k.Body), Packet(6, m.Body)));
        Assert.Equal(OpenPgpVerificationStatus.BadSignature, both.VerifyDetached(Data, m.SignData(IssuerKeyId(k.Public.KeyId)), Options)[0].Status);
    }

    [Fact]
    public void IssuerFingerprintIsPreferredOverTheKeyId()
    {
        using var k = new TestKey();
        using var l = new TestKey();
        using var unknown = new TestKey();
        var ring = OpenPgpKeyring.Load(Cat(Packet(6, k.Body), Packet(6, l.Body)));

        // Hashed fingerprint of K, unhashed (unauthenticated) key ID of L: K is used.
        var r1 = ring.VerifyDetached(Data, k.SignData(IssuerFingerprint(k.Public), IssuerKeyId(l.Public.KeyId)), Options)[0];
        Assert.Equal(OpenPgpVerificationStatus.Valid, r1.Status);
        Assert.Equal(k.Public.Fingerprint, r1.KeyFingerprint);
        Assert.Equal(k.Public.Fingerprint, r1.IssuerId);

        // The fingerprint names a key that is not loaded: the key ID of K alongside it is not used as a fallback.
        var r2 = ring.VerifyDetached(Data, k.SignData(IssuerFingerprint(unknown.Public), IssuerKeyId(k.Public.KeyId)), Options)[0];
        Assert.Equal(OpenPgpVerificationStatus.UnknownKey, r2.Status);
        Assert.True(r2.IsKeyMissing);
    }

    [Fact]
    public void KeyIdOfAKeyWithAnotherAlgorithmIsNotACandidate()
    {
        // The ID matches the X25519 encryption subkey of the vector certificate: not an Ed25519 key, so no candidate.
        using var m = new TestKey();
        var ring = OpenPgpKeyring.Load(CertificateBytes);
        ulong subkeyId = ring.PrimaryKeys[0].Subkeys[0].KeyId;
        var result = ring.VerifyDetached(Data, m.SignData(IssuerKeyId(subkeyId)), Options)[0];
        Assert.Equal(OpenPgpVerificationStatus.UnknownKey, result.Status);
    }

    [Fact]
    public void SignatureWithoutAnyIssuerIsUnknownKey()
    {
        using var k = new TestKey();
        var ring = OpenPgpKeyring.Load(Packet(6, k.Body));
        Assert.Equal(OpenPgpVerificationStatus.UnknownKey, ring.VerifyDetached(Data, k.SignData([]), Options)[0].Status);
    }
}
