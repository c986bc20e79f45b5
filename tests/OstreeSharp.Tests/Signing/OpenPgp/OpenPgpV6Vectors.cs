using System.Buffers.Binary;
using System.Security.Cryptography;
using OstreeSharp.Signing.Ed25519;
using OstreeSharp.Signing.OpenPgp;

namespace OstreeSharp.Tests.Signing.OpenPgp;

/// <summary>
/// RFC 9580 Appendix A test vectors (A.3 certificate, A.4 secret key, A.6 cleartext signature), transcribed by hand:
/// they check themselves, since a wrong character would break the Ed25519 self-signatures. Plus helpers that build
/// v6 Ed25519 keys and signatures from scratch (following RFC 9580 §5.2.4 independently of the library's signer) for
/// the tests that need keys or signatures the vectors do not provide.
/// </summary>
internal static class OpenPgpV6Vectors
{
    public const string PrimaryFingerprint = "CB186C4F0609A697E4D52DFA6C722B0C1F1E27C18A56708F6525EC27BAD9ACC9";
    public const string SubkeyFingerprint = "12C83F1E706F6308FE151A417743A1F033790E93E9978488D1DB378DA9930885";

    public const string Certificate = """
        -----BEGIN PGP PUBLIC KEY BLOCK-----

        xioGY4d/4xsAAAAg+U2nu0jWCmHlZ3BqZYfQMxmZu52JGggkLq2EVD34laPCsQYf
        GwoAAABCBYJjh3/jAwsJBwUVCg4IDAIWAAKbAwIeCSIhBssYbE8GCaaX5NUt+mxy
        KwwfHifBilZwj2Ul7Ce62azJBScJAgcCAAAAAK0oIBA+LX0ifsDm185Ecds2v8lw
        gyU2kCcUmKfvBXbAf6rhRYWzuQOwEn7E/aLwIwRaLsdry0+VcallHhSu4RN6HWaE
        QsiPlR4zxP/TP7mhfVEe7XWPxtnMUMtf15OyA51YBM4qBmOHf+MZAAAAIIaTJINn
        +eUBXbki+PSAld2nhJh/LVmFsS+60WyvXkQ1wpsGGBsKAAAALAWCY4d/4wKbDCIh
        BssYbE8GCaaX5NUt+mxyKwwfHifBilZwj2Ul7Ce62azJAAAAAAQBIKbpGG2dWTX8
        j+VjFM21J0hqWlEg+bdiojWnKfA5AQpWUWtnNwDEM0g12vYxoWM8Y81W+bHBw805
        I8kWVkXU6vFOi+HWvv/ira7ofJu16NnoUkhclkUrk0mXubZvyl4GBg==
        -----END PGP PUBLIC KEY BLOCK-----
        """;

    public const string SecretKey = """
        -----BEGIN PGP PRIVATE KEY BLOCK-----

        xUsGY4d/4xsAAAAg+U2nu0jWCmHlZ3BqZYfQMxmZu52JGggkLq2EVD34laMAGXKB
        exK+cH6NX1hs5hNhIB00TrJmosgv3mg1ditlsLfCsQYfGwoAAABCBYJjh3/jAwsJ
        BwUVCg4IDAIWAAKbAwIeCSIhBssYbE8GCaaX5NUt+mxyKwwfHifBilZwj2Ul7Ce6
        2azJBScJAgcCAAAAAK0oIBA+LX0ifsDm185Ecds2v8lwgyU2kCcUmKfvBXbAf6rh
        RYWzuQOwEn7E/aLwIwRaLsdry0+VcallHhSu4RN6HWaEQsiPlR4zxP/TP7mhfVEe
        7XWPxtnMUMtf15OyA51YBMdLBmOHf+MZAAAAIIaTJINn+eUBXbki+PSAld2nhJh/
        LVmFsS+60WyvXkQ1AE1gCk95TUR3XFeibg/u/tVY6a//1q0NWC1X+yui3O24wpsG
        GBsKAAAALAWCY4d/4wKbDCIhBssYbE8GCaaX5NUt+mxyKwwfHifBilZwj2Ul7Ce6
        2azJAAAAAAQBIKbpGG2dWTX8j+VjFM21J0hqWlEg+bdiojWnKfA5AQpWUWtnNwDE
        M0g12vYxoWM8Y81W+bHBw805I8kWVkXU6vFOi+HWvv/ira7ofJu16NnoUkhclkUr
        k0mXubZvyl4GBg==
        -----END PGP PRIVATE KEY BLOCK-----
        """;

    /// <summary>
    /// The A.6 cleartext message after dash-unescaping (LF line endings). The armored text has an empty line between
    /// "- - noodles" and the signature: only the line break just before <c>-----BEGIN PGP SIGNATURE-----</c> is excluded
    /// (RFC 9580 §7.1), so the signed text keeps the line break after "noodles".
    /// </summary>
    public const string CleartextMessage = "What we need from the grocery store:\n\n- tofu\n- vegetables\n- noodles\n";

    public const string CleartextSignature = """
        -----BEGIN PGP SIGNATURE-----

        wpgGARsKAAAAKQWCY5ijYyIhBssYbE8GCaaX5NUt+mxyKwwfHifBilZwj2Ul7Ce6
        2azJAAAAAGk2IHZJX1AhiJD39eLuPBgiUU9wUA9VHYblySHkBONKU/usJ9BvuAqo
        /FvLFuGWMbKAdA+epq7V4HOtAPlBWmU8QOd6aud+aSunHQaaEJ+iTFjP2OMW0KBr
        NK2ay45cX1IVAQ==
        -----END PGP SIGNATURE-----
        """;

    public static byte[] CertificateBytes => OpenPgpArmor.Decode(Certificate).Data;

    public static byte[] SecretKeyBytes => OpenPgpArmor.Decode(SecretKey).Data;

    public static byte[] Cat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static List<OpenPgpPacket> Packets(byte[] data)
    {
        var reader = new OpenPgpPacketReader(data);
        var list = new List<OpenPgpPacket>();
        while (reader.TryRead(out var p))
        {
            list.Add(p);
        }
        return list;
    }

    /// <summary>A new-format packet: tag, one/two/five-octet length, body.</summary>
    public static byte[] Packet(int tag, ReadOnlySpan<byte> body)
    {
        int n = body.Length;
        byte[] length = n < 192 ? [(byte)n]
            : n < 8384 ? [(byte)(((n - 192) >> 8) + 192), (byte)(n - 192)]
            : [255, (byte)(n >> 24), (byte)(n >> 16), (byte)(n >> 8), (byte)n];
        return [(byte)(0xC0 | tag), .. length, .. body];
    }

    /// <summary>A subpacket with a one-octet length.</summary>
    public static byte[] Subpacket(int type, params byte[] data) => [(byte)(data.Length + 1), (byte)type, .. data];

    public static byte[] CreationTime(DateTimeOffset t)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, (uint)t.ToUnixTimeSeconds());
        return Subpacket(2, b);
    }

    public static byte[] IssuerFingerprint(OpenPgpPublicKey key) => Subpacket(33, [(byte)key.Version, .. key.FingerprintBytes.ToArray()]);

    public static byte[] IssuerKeyId(ulong keyId)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, keyId);
        return Subpacket(16, b);
    }

    /// <summary>A v6 Ed25519 public key packet body.</summary>
    public static byte[] V6KeyBody(Ed25519PrivateKey key, DateTimeOffset created)
    {
        var body = new byte[10 + 32];
        body[0] = 6;
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(1), (uint)created.ToUnixTimeSeconds());
        body[5] = 27;
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(6), 32);
        key.PublicKey.ToArray().CopyTo(body, 10);
        return body;
    }

    /// <summary>An unprotected v6 secret key packet body: public part, S2K usage 0, the 32-octet seed.</summary>
    public static byte[] V6SecretKeyBody(Ed25519PrivateKey key, byte[] seed, DateTimeOffset created) =>
        [.. V6KeyBody(key, created), 0, .. seed];

    /// <summary>
    /// A v6 Ed25519 signature packet built by hand (RFC 9580 §5.2.4): SHA-256, a random 16-octet salt hashed first,
    /// then <paramref name="signedData"/>, the header up to the hashed subpackets and the 0x06 0xFF trailer.
    /// </summary>
    public static byte[] V6Signature(Ed25519PrivateKey key, OpenPgpSignatureType type, byte[] hashedSubpackets, byte[] unhashedSubpackets,
        byte[] signedData)
    {
        byte[] header = [6, (byte)type, 27, 8, 0, 0, 0, 0, .. hashedSubpackets];
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)hashedSubpackets.Length);
        byte[] salt = RandomNumberGenerator.GetBytes(16);
        byte[] trailer = [6, 0xFF, 0, 0, 0, 0];
        BinaryPrimitives.WriteUInt32BigEndian(trailer.AsSpan(2), (uint)header.Length);
        byte[] digest = SHA256.HashData([.. salt, .. signedData, .. header, .. trailer]);
        byte[] unhashedLength = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(unhashedLength, (uint)unhashedSubpackets.Length);
        byte[] body = [.. header, .. unhashedLength, .. unhashedSubpackets, digest[0], digest[1], 16, .. salt, .. key.Sign(digest)];
        return Packet(2, body);
    }

    /// <summary>How key signatures hash a v6 key: 0x9B ‖ BE32 length ‖ body.</summary>
    public static byte[] HashedV6Key(byte[] body)
    {
        byte[] prefix = [0x9B, 0, 0, 0, 0];
        BinaryPrimitives.WriteUInt32BigEndian(prefix.AsSpan(1), (uint)body.Length);
        return [.. prefix, .. body];
    }
}
