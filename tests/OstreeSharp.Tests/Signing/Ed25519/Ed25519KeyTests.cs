using OstreeSharp.Signing.Ed25519;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Signing.Ed25519;

public class Ed25519KeyTests
{
    private const string Seed1 = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private const string Pub1 = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private const string Pub2 = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";

    private static string B64(string hex) => Convert.ToBase64String(Hex.Parse(hex));

    [Fact]
    public void LibsodiumSecretKeyWithForeignPublicHalfIsRejected()
    {
        byte[] sk = Hex.Parse(Seed1 + Pub2);
        Assert.Throws<ArgumentException>(() => Ed25519PrivateKey.FromLibsodiumSecretKey(sk));
        Assert.Throws<ArgumentException>(() => Ed25519PrivateKey.FromBytes(sk));
        Assert.Throws<FormatException>(() => Ed25519PrivateKey.Parse(Convert.ToBase64String(sk)));
        using var ok = Ed25519PrivateKey.FromBytes(Hex.Parse(Seed1 + Pub1));
        Assert.Equal(Pub1, Hex.Format(ok.PublicKey.Span));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(63)]
    [InlineData(65)]
    public void WrongSecretKeyLengthsAreRejected(int length)
    {
        Assert.Throws<ArgumentException>(() => Ed25519PrivateKey.FromBytes(new byte[length]));
        Assert.Throws<FormatException>(() => Ed25519PrivateKey.Parse(Convert.ToBase64String(new byte[length])));
    }

    [Fact]
    public void PublicKeyParsing()
    {
        var k = Ed25519PublicKey.Parse("  " + B64(Pub1) + "\n");
        Assert.Equal(Pub1, Hex.Format(k.Span));
        Assert.Equal(B64(Pub1), k.ToString());
        Assert.Equal(k, Ed25519PublicKey.FromBytes(Hex.Parse(Pub1)));
        Assert.Equal(k.GetHashCode(), Ed25519PublicKey.FromBytes(Hex.Parse(Pub1)).GetHashCode());
        Assert.NotEqual(k, Ed25519PublicKey.FromBytes(Hex.Parse(Pub2)));
        Assert.True(k.IsUsable);
        Assert.Throws<FormatException>(() => Ed25519PublicKey.Parse("not base64!"));
        Assert.Throws<FormatException>(() => Ed25519PublicKey.Parse(Convert.ToBase64String(new byte[31])));
        Assert.Throws<FormatException>(() => Ed25519PublicKey.Parse(Convert.ToBase64String(new byte[64])));
        Assert.False(Ed25519PublicKey.TryParse("", out _));
        Assert.Throws<ArgumentException>(() => Ed25519PublicKey.FromBytes(new byte[33]));
    }

    [Fact]
    public void DisposeZeroesAndForbidsSigning()
    {
        var key = Ed25519PrivateKey.FromSeed(Hex.Parse(Seed1));
        Assert.Equal(64, key.Sign([]).Length);
        key.Dispose();
        Assert.Throws<ObjectDisposedException>(() => key.Sign([1]));
        Assert.Throws<ObjectDisposedException>(() => key.ExportSeed());
        Assert.Throws<ObjectDisposedException>(() => key.ExportLibsodiumSecretKey());
    }

    [Fact]
    public void SignIntoSpan()
    {
        using var key = Ed25519PrivateKey.FromSeed(Hex.Parse(Seed1));
        byte[] dest = new byte[70];
        key.Sign("x"u8, dest);
        Assert.Equal(key.Sign("x"u8), dest[..64]);
        Assert.Throws<ArgumentException>(() => key.Sign("x"u8, new byte[63]));
    }

    [Fact]
    public void GeneratedKeysDiffer()
    {
        using var a = Ed25519PrivateKey.Generate();
        using var b = Ed25519PrivateKey.Generate();
        Assert.NotEqual(a.PublicKey, b.PublicKey);
        Assert.True(a.PublicKey.Verify("m"u8, a.Sign("m"u8)));
        Assert.False(b.PublicKey.Verify("m"u8, a.Sign("m"u8)));
    }

    [Fact]
    public void PublicKeyFileSkipsBlankAndCommentLines()
    {
        string text = $"# trusted keys\n\n   {B64(Pub1)}  \r\n\t# another comment\n{B64(Pub2)}\n\n";
        var keys = Ed25519KeyFile.ParsePublicKeys(text);
        Assert.Equal([Pub1, Pub2], keys.Select(k => Hex.Format(k.Span)));

        using var dir = new ScratchDir();
        string path = dir.Combine("trusted.ed25519");
        File.WriteAllText(path, text);
        Assert.Equal(2, Ed25519KeyFile.ReadPublicKeys(path).Count);
        Assert.Empty(Ed25519KeyFile.ParsePublicKeys("# nothing\n\n"));
        Assert.Empty(Ed25519KeyFile.ParsePublicKeys(""));
    }

    [Theory]
    [InlineData("AAAA", 2)]
    [InlineData("not-base64", 2)]
    [InlineData("{0} trailing", 2)]
    [InlineData("{0}{0}", 2)]
    public void PublicKeyFileRejectsBadLinesWithLineNumber(string badLine, int expectedLine)
    {
        string line = string.Format(System.Globalization.CultureInfo.InvariantCulture, badLine, B64(Pub1));
        var ex = Assert.Throws<OstreeDataException>(() => Ed25519KeyFile.ParsePublicKeys($"{B64(Pub2)}\n{line}\n"));
        Assert.Contains($"line {expectedLine}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PrivateKeyFileAcceptsLibsodiumKeysAndSeeds()
    {
        string sk64 = B64(Seed1 + Pub1);
        string seed2 = B64("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
        var keys = Ed25519KeyFile.ParsePrivateKeys($"# secret\n{sk64}\r\n\n{seed2}\n");
        try
        {
            Assert.Equal([Pub1, Pub2], keys.Select(k => Hex.Format(k.PublicKey.Span)));
        }
        finally
        {
            foreach (var k in keys)
            {
                k.Dispose();
            }
        }

        using var dir = new ScratchDir();
        string path = dir.Combine("secret.ed25519");
        File.WriteAllText(path, sk64 + "\n");
        var fromFile = Ed25519KeyFile.ReadPrivateKeys(path);
        Assert.Single(fromFile);
        fromFile[0].Dispose();

        var ex = Assert.Throws<OstreeDataException>(() => Ed25519KeyFile.ParsePrivateKeys($"{sk64}\n\n{B64(Seed1 + Pub2)}\n"));
        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
        Assert.Throws<OstreeDataException>(() => Ed25519KeyFile.ParsePrivateKeys(B64(Pub1) + "AA=="));
    }
}
