using System.Text;
using OstreeSharp.Fuzz.Engine;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;

namespace OstreeSharp.Fuzz.Targets;

/// <summary>The ostree object parsers (spec §0–§4) as fuzz targets.</summary>
public static class ObjectTargets
{
    public static IEnumerable<FuzzTarget> Create() =>
    [
        new ParserTarget("commit", "CommitObject.Parse + every accessor", m => m.Get("commit"), Commit),
        new ParserTarget("dirtree", "DirTreeObject.Parse; accepted trees must re-serialize to the same bytes", m => m.Get("dirtree"), DirTree),
        new ParserTarget("dirmeta", "DirMetaObject.Parse + xattrs", m => m.Get("dirmeta"), DirMeta),
        new ParserTarget("fileheader", "FileHeader.ParseVariant; serialize/parse round trip", FileHeaderSeeds, FileHeaderVariant),
        new ParserTarget("archiveheader", "FileHeader.ParseArchiveHeader (.filez prefix)", m => m.Get("filez"), ArchiveHeader),
        new ParserTarget("metadata", "MetadataDictionary.Parse + typed getters + values printed", MetadataSeeds, Metadata),
        new ParserTarget("sizes", "SizesEntry.Parse; serialize/parse round trip", SizesSeeds, Sizes),
    ];

    private static void Commit(byte[] input)
    {
        var c = CommitObject.Parse(input);
        TouchMetadata(c.Metadata);
        _ = c.Parent;
        foreach (var r in c.Related)
        {
            _ = r.ToString();
        }

        _ = c.Subject.Length + c.Body.Length;
        _ = c.Date;
        _ = c.RootTree.ToString();
        _ = c.RootMeta.ToString();
        _ = c.ContentChecksum;
        if (!c.RawBytes.Span.SequenceEqual(input))
        {
            throw new FuzzInvariantException("commit raw bytes: RawBytes differ from the parsed input");
        }
    }

    private static void DirTree(byte[] input)
    {
        var t = DirTreeObject.Parse(input);

        // Accepted trees hold valid, unique names (Create rejects anything else with ArgumentException). Bytes may
        // differ: like GLib, several serializations of an empty container are normal (e.g. a 0-byte dirtree).
        var again = DirTreeObject.Create(t.Files, t.Directories);
        var back = DirTreeObject.Parse(again.RawBytes.Span);
        if (!back.Files.SequenceEqual(t.Files) || !back.Directories.SequenceEqual(t.Directories))
        {
            throw new FuzzInvariantException($"dirtree round trip: re-serialized {Convert.ToHexStringLower(again.RawBytes.Span)}");
        }
    }

    private static void DirMeta(byte[] input)
    {
        var d = DirMetaObject.Parse(input);
        foreach (var x in d.Xattrs)
        {
            _ = x.Name.Length + x.Value.Length;
        }

        _ = d.Checksum;
    }

    private static IEnumerable<byte[]> FileHeaderSeeds(SeedMaterial m)
    {
        foreach (byte[] filez in m.Get("filez"))
        {
            yield return FileHeader.ParseArchiveHeader(filez, out _, out _).SerializeVariant();
        }
    }

    private static void FileHeaderVariant(byte[] input)
    {
        var h = FileHeader.ParseVariant(input);
        var again = FileHeader.ParseVariant(h.SerializeVariant());
        if (!again.Equals(h))
        {
            throw new FuzzInvariantException($"fileheader round trip: {h} became {again}");
        }

        _ = h.SerializeContentStreamHeader();
    }

    private static void ArchiveHeader(byte[] input)
    {
        var h = FileHeader.ParseArchiveHeader(input, out ulong size, out int prefixLength);
        if (prefixLength < 8 || prefixLength > input.Length)
        {
            throw new FuzzInvariantException($"archive prefix length: {prefixLength} outside 8..{input.Length}");
        }

        var again = FileHeader.ParseArchiveHeader(h.SerializeArchiveHeader(size), out ulong size2, out _);
        if (!again.Equals(h) || (size2 != size && !h.IsSymlink))
        {
            throw new FuzzInvariantException($"archive header round trip: {h} became {again}");
        }
    }

    private static IEnumerable<byte[]> MetadataSeeds(SeedMaterial m)
    {
        foreach (byte[] commit in m.Get("commit"))
        {
            yield return new GVariantReader(commit, OstreeTypes.Commit).GetChild(0).Data.ToArray();
        }

        foreach (byte[] meta in m.Get("commitmeta"))
        {
            yield return meta;
        }
    }

    private static void Metadata(byte[] input)
    {
        var d = MetadataDictionary.Parse(input);
        TouchMetadata(d);
        var again = MetadataDictionary.Parse(d.Serialize());
        if (again.Count != d.Count)
        {
            throw new FuzzInvariantException($"metadata round trip: {d.Count} entries became {again.Count}");
        }
    }

    private static void TouchMetadata(MetadataDictionary d)
    {
        foreach (var e in d)
        {
            _ = GVariantValue.Read(e.GetReader()).Print(true);
        }

        foreach (string key in Dictionaries.OstreeKeys)
        {
            ExpectData(() => d.TryGetString(key, out _));
            ExpectData(() => d.TryGetBoolean(key, out _));
            ExpectData(() => d.TryGetStringArray(key, out _));
            ExpectData(() =>
            {
                if (d.TryGetByteArrays(key, out var arrays))
                {
                    foreach (byte[] a in arrays)
                    {
                        ExpectData(() => SizesEntry.Parse(a));
                    }
                }
            });
        }
    }

    /// <summary>Runs a getter whose "wrong type/bad data" rejection is itself a data error the caller may see.</summary>
    private static void ExpectData(Action action)
    {
        try
        {
            action();
        }
        catch (OstreeDataException)
        {
        }
    }

    private static void ExpectData(Func<bool> action) => ExpectData(() => { _ = action(); });

    private static void ExpectData(Func<SizesEntry> action) => ExpectData(() => { _ = action(); });

    private static IEnumerable<byte[]> SizesSeeds(SeedMaterial m)
    {
        foreach (byte[] commit in m.Get("commit"))
        {
            var c = CommitObject.Parse(commit);
            if (c.Metadata.TryGetByteArrays("ostree.sizes", out var arrays))
            {
                foreach (byte[] a in arrays)
                {
                    yield return a;
                }
            }
        }

        yield return [.. Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef"), 0x80, 0x01, 0x00];
    }

    private static void Sizes(byte[] input)
    {
        var e = SizesEntry.Parse(input);
        var again = SizesEntry.Parse(e.Serialize());
        if (again != e)
        {
            throw new FuzzInvariantException($"sizes round trip: {e} became {again}");
        }
    }
}
