using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using ICSharpCode.SharpZipLib.BZip2;
using OstreeSharp.Archive;
using OstreeSharp.Objects;
using static OstreeSharp.Tests.Archive.TarTestData;
using SysTar = System.Formats.Tar.TarEntryType;

namespace OstreeSharp.Tests.Archive;

public class TarArchiveReaderTests
{
    private static List<(TarArchiveEntry Entry, byte[] Data)> ReadAll(byte[] archive)
    {
        var list = new List<(TarArchiveEntry, byte[])>();
        using var r = new TarArchiveReader(TarDecompression.Open(new MemoryStream(archive)));
        while (r.ReadNext() is { } e)
        {
            var ms = new MemoryStream();
            r.DataStream.CopyTo(ms);
            list.Add((e, ms.ToArray()));
        }
        return list;
    }

    [Theory]
    [InlineData(TarEntryFormat.Pax)]
    [InlineData(TarEntryFormat.Gnu)]
    [InlineData(TarEntryFormat.Ustar)]
    [InlineData(TarEntryFormat.V7)]
    public void ReadsEveryFormatWithNamesModesOwnersAndData(TarEntryFormat format)
    {
        string longDir = format is TarEntryFormat.V7 ? "d" : new string('d', 90);
        string longName = format is TarEntryFormat.V7 ? "d/f" : longDir + "/" + new string('f', 90);
        var data = new byte[70000];
        new Random(3).NextBytes(data);
        var tar = Build(format,
            new Item("./", SysTar.Directory, 0x1ED),
            new Item(longDir + "/", format == TarEntryFormat.V7 ? SysTar.V7RegularFile : SysTar.Directory, 0x1C0, 12, 34),
            new Item(longName, format == TarEntryFormat.V7 ? SysTar.V7RegularFile : SysTar.RegularFile, 0x9ED, 1000, 1001, data),
            new Item("sym", SysTar.SymbolicLink, 0x1FF, Link: "target/x"),
            new Item("hard", SysTar.HardLink, 0x1A4, Link: format == TarEntryFormat.Ustar ? "sym" : longName));
        var all = ReadAll(tar);
        Assert.Equal(5, all.Count);
        Assert.Equal(TarArchiveEntryType.Directory, all[0].Entry.Type);
        Assert.Equal(TarArchiveEntryType.Directory, all[1].Entry.Type);
        Assert.Equal(longDir + "/", all[1].Entry.Name);
        Assert.Equal((12u, 34u, 0x1C0u), (all[1].Entry.Uid, all[1].Entry.Gid, all[1].Entry.Mode));
        Assert.Equal(longName, all[2].Entry.Name);
        Assert.Equal(TarArchiveEntryType.RegularFile, all[2].Entry.Type);
        Assert.Equal(0x9EDu, all[2].Entry.Mode);
        Assert.Equal((1000u, 1001u), (all[2].Entry.Uid, all[2].Entry.Gid));
        Assert.Equal(data, all[2].Data);
        Assert.Equal(1600000000, all[2].Entry.ModificationTime);
        Assert.Equal((TarArchiveEntryType.SymbolicLink, "target/x"), (all[3].Entry.Type, all[3].Entry.LinkName));
        Assert.Equal((TarArchiveEntryType.HardLink, format == TarEntryFormat.Ustar ? "sym" : longName), (all[4].Entry.Type, all[4].Entry.LinkName));
    }

    [Fact]
    public void PaxXattrsKeepExactBytesAndOrder()
    {
        byte[] binary = [0, 1, 2, 0xFF, 0xC3];
        var ms = new MemoryStream();
        using (var w = new TarArchiveWriter(ms, leaveOpen: true))
        {
            w.WriteFile("f", 0x81A4, 0, 0, 0, [new Xattr("user.zz", "1"u8), new Xattr("security.capability", binary)], new MemoryStream([1, 2, 3]), 3);
            w.Finish();
        }
        var e = Assert.Single(ReadAll(ms.ToArray()));
        Assert.Equal(["user.zz", "security.capability"], e.Entry.Xattrs.Select(x => x.NameString));
        Assert.Equal(binary, e.Entry.Xattrs[1].Value.ToArray());
        Assert.Equal(new byte[] { 1, 2, 3 }, e.Data);
    }

    [Fact]
    public void LibarchiveXattrRecordsAreDecoded()
    {
        var tar = Build(TarEntryFormat.Pax, new Item("f", SysTar.RegularFile, Data: [], Pax: new()
        {
            ["LIBARCHIVE.xattr.user.a%3Db"] = Convert.ToBase64String([0, 0xFF, 7]).TrimEnd('='),
            ["SCHILY.xattr.user.plain"] = "v",
        }));
        var x = Assert.Single(ReadAll(tar)).Entry.Xattrs;
        Assert.Contains(x, a => a.NameString == "user.a=b" && a.Value.SequenceEqual(new byte[] { 0, 0xFF, 7 }));
        Assert.Contains(x, a => a.NameString == "user.plain" && a.Value.SequenceEqual("v"u8));
    }

    [Fact]
    public void CompressionIsRecognisedByMagicNotName()
    {
        var tar = Build(TarEntryFormat.Pax, new Item("./", SysTar.Directory, 0x1ED), new Item("a", SysTar.RegularFile, Data: Text("hello")));
        var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
            z.Write(tar);
        var bz = new MemoryStream();
        using (var z = new BZip2OutputStream(bz) { IsStreamOwner = false })
            z.Write(tar);
        var inputs = new List<byte[]> { tar, gz.ToArray(), bz.ToArray() };
        if (OstreeSharp.Tests.Compression.ZstdTool.Available())
        {
            inputs.Add(OstreeSharp.Tests.Compression.ZstdTool.Compress(tar, "-3"));
        }

        foreach (var bytes in inputs)
        {
            var all = ReadAll(bytes);
            Assert.Equal(2, all.Count);
            Assert.Equal("hello", Encoding.UTF8.GetString(all[1].Data));
        }
    }

    [Fact]
    public void UnsupportedCompressionIsATypedError()
    {
        Assert.Throws<TarFormatException>(() => TarDecompression.Open(new MemoryStream([0x04, 0x22, 0x4D, 0x18, 0, 0])));
    }

    [Fact]
    public void MalformedZstdIsATypedTarError()
    {
        // zstd is decoded (lazily): a bad frame surfaces when the archive is read.
        var e = Assert.Throws<TarFormatException>(() => ReadAll([0x28, 0xB5, 0x2F, 0xFD, 0, 0, 0, 0]));
        Assert.IsType<OstreeSharp.Compression.ZstdFormatException>(e.InnerException);
        Assert.Throws<TarFormatException>(() => ReadAll([0x28, 0xB5, 0x2F, 0xFD, 0x20, 3, 0x19, 0, 0, (byte)'a', (byte)'b', (byte)'c']));
    }

    private static byte[] Valid() => Build(TarEntryFormat.Pax,
        new Item("./", SysTar.Directory, 0x1ED),
        new Item("dir/", SysTar.Directory, 0x1ED, Pax: new() { ["SCHILY.xattr.user.k"] = "value" }),
        new Item("dir/file", SysTar.RegularFile, Data: Text(new string('x', 1500))),
        new Item("link", SysTar.SymbolicLink, Link: "dir/file"));

    private static void Reheader(byte[] tar, int headerOffset)
    {
        tar.AsSpan(headerOffset + 148, 8).Fill((byte)' ');
        int sum = 0;
        for (int i = 0; i < 512; i++)
            sum += tar[headerOffset + i];
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(tar, headerOffset + 148);
    }

    public static TheoryData<string> MalformedCases() => new()
    {
        "checksum", "truncated-header", "truncated-data", "bad-octal", "negative-base256", "pax-length", "pax-newline",
        "pax-equals", "pax-size", "huge-extension", "sparse-type", "gnu-sparse-record", "bad-utf8", "bad-gzip", "bad-bzip2", "bad-xz",
        "bad-libarchive-base64",
    };

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public void MalformedArchivesRaiseTarFormatException(string kind)
    {
        byte[] tar = kind switch
        {
            "checksum" => Mutate(Valid(), t => t[0] ^= 1, reheader: false),
            "truncated-header" => Valid()[..700],
            "truncated-data" => Valid().AsSpan(0, 512 * 4 + 100).ToArray(),
            "bad-octal" => Mutate(Build(TarEntryFormat.Ustar, new Item("a", SysTar.RegularFile, Data: [])), t => t[100] = (byte)'9'),
            "negative-base256" => Mutate(Valid(), t => { t.AsSpan(124, 12).Fill(0xFF); }),
            "pax-length" => PaxWith("99999 path=x\n"),
            "pax-newline" => PaxWith("11 path=abc"),
            "pax-equals" => PaxWith("10 pathxx\n"),
            "pax-size" => PaxWith("12 size=-10\n"),
            "huge-extension" => Mutate(PaxWith("12 path=abc\n"), t => Encoding.ASCII.GetBytes("77777777777\0").CopyTo(t, 124)),
            "sparse-type" => Mutate(Valid(), t => t[156] = (byte)'S'),
            "gnu-sparse-record" => PaxWith("26 GNU.sparse.major=1\n"),
            "bad-utf8" => Mutate(Build(TarEntryFormat.Ustar, new Item("ab", SysTar.RegularFile, Data: [])), t => t[0] = 0xFF),
            "bad-gzip" => [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
            "bad-bzip2" => [.. "BZh91AY&SY"u8, 1, 2, 3, 4, 5, 6, 7, 8, 9],
            "bad-xz" => [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0, 0, 9, 9, 9, 9, 9, 9, 9, 9, 9],
            "bad-libarchive-base64" => Build(TarEntryFormat.Pax, new Item("f", SysTar.RegularFile, Data: [], Pax: new() { ["LIBARCHIVE.xattr.user.a"] = "!!!" })),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        Assert.Throws<TarFormatException>(() => ReadAll(tar));
    }

    private static byte[] PaxWith(string records)
    {
        // A hand-made 'x' header followed by a regular file.
        var ms = new MemoryStream();
        var body = Encoding.UTF8.GetBytes(records);
        var h = new byte[512];
        "PaxHeaders/f"u8.CopyTo(h);
        Encoding.ASCII.GetBytes("0000644\0").CopyTo(h, 100);
        Encoding.ASCII.GetBytes("0000000\0").CopyTo(h, 108);
        Encoding.ASCII.GetBytes("0000000\0").CopyTo(h, 116);
        Encoding.ASCII.GetBytes(Convert.ToString(body.Length, 8).PadLeft(11, '0') + "\0").CopyTo(h, 124);
        Encoding.ASCII.GetBytes("00000000000\0").CopyTo(h, 136);
        h[156] = (byte)'x';
        "ustar\000"u8.CopyTo(h.AsSpan(257));
        Reheader(h, 0);
        ms.Write(h);
        ms.Write(body);
        ms.Write(new byte[(512 - (body.Length % 512)) % 512]);
        ms.Write(Build(TarEntryFormat.Ustar, new Item("f", SysTar.RegularFile, Data: Text("abc"))));
        return ms.ToArray();
    }

    private static byte[] Mutate(byte[] tar, Action<byte[]> change, bool reheader = true)
    {
        change(tar);
        if (reheader)
            Reheader(tar, 0);
        return tar;
    }

    [Fact]
    public void RandomCorruptionRaisesOnlyTarFormatException()
    {
        var valid = Valid();
        var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
            z.Write(valid);
        var inputs = new[] { valid, gz.ToArray() };
        var gen = Gen.Choose(0, 1).SelectMany(which => Gen.ListOf(Gen.Choose(0, inputs[which].Length - 1).SelectMany(at => Gen.Choose(0, 255).Select(v => (at, v))))
            .SelectMany(edits => Gen.Choose(0, inputs[which].Length).Select(cut => (which, edits, cut))));
        Prop.ForAll(Arb.From(gen), t =>
        {
            var bytes = (byte[])inputs[t.which].Clone();
            foreach (var (at, v) in t.edits)
                bytes[at] = (byte)v;
            try
            {
                ReadAll(bytes[..t.cut]);
            }
            catch (TarFormatException)
            {
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void EndOfArchiveWithoutMarkerIsAccepted()
    {
        var tar = Build(TarEntryFormat.Ustar, new Item("a", SysTar.RegularFile, Data: Text("x")));
        Assert.Single(ReadAll(tar[..1024]));
    }
}
