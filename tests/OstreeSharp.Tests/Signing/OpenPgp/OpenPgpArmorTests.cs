using System.Text;
using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.Signing.OpenPgp;

namespace OstreeSharp.Tests.Signing.OpenPgp;

public class OpenPgpArmorTests
{
    [Fact]
    public void Crc24KnownValues()
    {
        Assert.Equal(0xB704CE, Crc24.Compute([]));
        // python: the bitwise RFC 4880 §6.1 loop over b"123456789" gives 0x21cf02
        Assert.Equal(0x21CF02, Crc24.Compute("123456789"u8));
        Assert.Equal(Crc24.Compute("123456789"u8), Crc24.Update(Crc24.Update(Crc24.Initial, "1234"u8), "56789"u8));
    }

    [Fact]
    public void RoundTripProperty()
    {
        var bytes = Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i));
        Prop.ForAll(bytes.ToArbitrary(), data =>
        {
            string text = OpenPgpArmor.Encode("SIGNATURE", data, [new("Comment", "x y")]);
            var block = OpenPgpArmor.Decode(text);
            return block.Kind == "SIGNATURE" && block.HasChecksum && block.Data.AsSpan().SequenceEqual(data)
                && block.Headers.Count == 1 && block.Headers[0].Value == "x y";
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void MissingChecksumIsTolerated()
    {
        string text = "-----BEGIN PGP MESSAGE-----\n\n" + Convert.ToBase64String([1, 2, 3, 4, 5]) + "\n-----END PGP MESSAGE-----\n";
        var block = OpenPgpArmor.Decode(text);
        Assert.False(block.HasChecksum);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, block.Data);
    }

    [Fact]
    public void CrlfAndSurroundingTextAreAccepted()
    {
        string text = "junk before\r\n" + OpenPgpArmor.Encode("PUBLIC KEY BLOCK", [9, 8, 7]).Replace("\n", "\r\n", StringComparison.Ordinal) + "after";
        Assert.Equal(new byte[] { 9, 8, 7 }, OpenPgpArmor.Decode(text).Data);
    }

    [Fact]
    public void SeveralBlocksDecode()
    {
        string text = OpenPgpArmor.Encode("SIGNATURE", [1]) + OpenPgpArmor.Encode("SIGNATURE", [2, 3]);
        var blocks = OpenPgpArmor.DecodeAll(text);
        Assert.Equal(2, blocks.Count);
        Assert.Equal(new byte[] { 2, 3 }, blocks[1].Data);
    }

    [Theory]
    [InlineData("no armor here")]
    [InlineData("-----BEGIN PGP SIGNATURE-----\n\nAQID\n")]                                   // no END line
    [InlineData("-----BEGIN PGP SIGNATURE-----\n\nAQID\n-----END PGP MESSAGE-----\n")]        // wrong END kind
    [InlineData("-----BEGIN PGP SIGNATURE-----\n\nAQ!D\n-----END PGP SIGNATURE-----\n")]       // bad base64
    [InlineData("-----BEGIN PGP SIGNATURE-----\n\nAQID\n=AAAA\n-----END PGP SIGNATURE-----\n")] // CRC mismatch
    [InlineData("-----BEGIN PGP SIGNATURE-----\n\nAQID\n=AAA\n-----END PGP SIGNATURE-----\n")]  // short CRC line
    [InlineData("-----BEGIN PGP SIGNATURE-----\n\nAQID\n=AAAA\nAQID\n-----END PGP SIGNATURE-----\n")] // data after CRC
    [InlineData("-----BEGIN PGP SIGNATURE----\n\nAQID\n-----END PGP SIGNATURE-----\n")]        // malformed BEGIN
    public void MalformedArmorThrowsFormatException(string text)
    {
        Assert.Throws<OpenPgpFormatException>(() => OpenPgpArmor.Decode(text));
    }

    [Fact]
    public void CorrectCrcLineIsChecked()
    {
        string good = OpenPgpArmor.Encode("SIGNATURE", [1, 2, 3]);
        Assert.Contains("\n=", good, StringComparison.Ordinal);
        // Flip one payload byte: CRC no longer matches.
        string bad = good.Replace("AQID", "AQIE", StringComparison.Ordinal);
        Assert.Throws<OpenPgpFormatException>(() => OpenPgpArmor.Decode(bad));
        Assert.True(OpenPgpArmor.IsArmored(Encoding.ASCII.GetBytes("\n  " + good)));
        Assert.False(OpenPgpArmor.IsArmored([0x99, 0x01]));
    }
}
