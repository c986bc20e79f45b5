using System.Formats.Tar;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.Archive;
using OstreeSharp.Commit;
using OstreeSharp.Native;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Tests.Support;
using static OstreeSharp.Tests.Archive.TarTestData;
using SysTar = System.Formats.Tar.TarEntryType;

namespace OstreeSharp.Tests.Archive;

public class TarImporterTests
{
    private static (Checksum Tree, Checksum Meta) ImportTar(OstreeRepo repo, byte[] tar, TarImportOptions? options = null, MutableTree? into = null)
    {
        using var tx = repo.BeginTransaction();
        var root = into ?? new MutableTree();
        TarImporter.Import(tx, root, new MemoryStream(tar), options);
        var result = root.Write(tx);
        tx.Commit();
        return result;
    }

    private static (Checksum Tree, Checksum Meta) ImportDir(OstreeRepo repo, string dir, CommitModifier? modifier = null)
    {
        using var tx = repo.BeginTransaction();
        var root = new MutableTree();
        CommitWriter.ImportDirectory(tx, root, dir, modifier);
        var result = root.Write(tx);
        tx.Commit();
        return result;
    }

    /// <summary>
    /// A random tree on disk (files with random modes, owners, contents and user.* xattrs; symlinks; nested and empty
    /// directories) and the same tree as a PAX tar written by System.Formats.Tar.
    /// </summary>
    private static byte[] MakeRandomTree(int seed, string root, bool xattrs)
    {
        var rng = new Random(seed);
        var items = new List<Item>();
        Directory.CreateDirectory(root);
        void Meta(string path, int mode, int uid, int gid)
        {
            NativeFile.Lchown(path, (uint)uid, (uint)gid);
            File.SetUnixFileMode(path, (UnixFileMode)mode);
        }
        Dictionary<string, string> X(string path)
        {
            var pax = new Dictionary<string, string>();
            if (!xattrs)
                return pax;
            var names = Enumerable.Range(0, rng.Next(3)).Select(i => "user.k" + rng.Next(5)).Distinct().ToList();
            var values = names.ToDictionary(n => n, n => "v" + rng.Next(1000));
            foreach (var n in names)
                Xattrs.Set(path, n, Encoding.UTF8.GetBytes(values[n]));
            // ostree records an archive's xattrs in reverse archive order; a directory's sorted: write them descending.
            foreach (var n in names.Order(StringComparer.Ordinal).Reverse())
                pax["SCHILY.xattr." + n] = values[n];
            return pax;
        }
        int rootMode = 0x1C0 | rng.Next(0x40);
        Meta(root, rootMode, 0, 0);
        items.Add(new Item("./", SysTar.Directory, rootMode, Pax: X(root)));
        var dirs = new List<string> { "" };
        int count = rng.Next(1, 25);
        for (int i = 0; i < count; i++)
        {
            string parent = dirs[rng.Next(dirs.Count)];
            string name = (rng.Next(4) == 0 ? "ü" : "n") + i;
            string rel = parent.Length == 0 ? name : parent + "/" + name;
            string full = Path.Combine(root, rel);
            int uid = rng.Next(3) == 0 ? rng.Next(1, 70000) : 0, gid = rng.Next(3) == 0 ? rng.Next(1, 70000) : 0;
            switch (rng.Next(5))
            {
                case 0:
                {
                    Directory.CreateDirectory(full);
                    int mode = 0x1C0 | rng.Next(0x40);
                    Meta(full, mode, uid, gid);
                    items.Add(new Item(rel + "/", SysTar.Directory, mode, uid, gid, Pax: X(full)));
                    dirs.Add(rel);
                    break;
                }
                case 1:
                {
                    string target = rng.Next(2) == 0 ? "../x" + rng.Next(9) : "/abs/" + rng.Next(9);
                    File.CreateSymbolicLink(full, target);
                    NativeFile.Lchown(full, (uint)uid, (uint)gid);
                    items.Add(new Item(rel, SysTar.SymbolicLink, 0x1FF, uid, gid, Link: target)); // user.* xattrs are not allowed on symlinks
                    break;
                }
                default:
                {
                    var data = new byte[rng.Next(3) == 0 ? rng.Next(200000) : rng.Next(300)];
                    rng.NextBytes(data);
                    File.WriteAllBytes(full, data);
                    int mode = rng.Next(0x1000);
                    Meta(full, mode, uid, gid);
                    items.Add(new Item(rel, SysTar.RegularFile, mode, uid, gid, data, Pax: X(full)));
                    break;
                }
            }
        }
        return Build(TarEntryFormat.Pax, [.. items]);
    }

    [Fact]
    public void RandomTreeAsTarImportsLikeTheDirectoryAndSurvivesExport()
    {
        using var scratch = new ScratchDir();
        bool xattrs = TrySetXattr(scratch.Path);
        using var repo = OstreeRepo.Create(scratch.Combine("repo"), RepoMode.Archive);
        int n = 0;
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            string dir = scratch.Combine("t" + n++);
            var tar = MakeRandomTree(seed, dir, xattrs);
            var fromDir = ImportDir(repo, dir);
            var fromTar = ImportTar(repo, tar);
            Assert.Equal(fromDir, fromTar);

            // export → import reproduces the tree (lossless xattrs)
            using var tx = repo.BeginTransaction();
            var commit = CommitWriter.WriteCommit(tx, fromDir.Tree, fromDir.Meta, new CommitOptions { Timestamp = DateTimeOffset.FromUnixTimeSeconds(1) });
            tx.Commit();
            var exported = new MemoryStream();
            TarExporter.Export(repo, commit, exported);
            Assert.Equal(fromDir, ImportTar(repo, exported.ToArray()));
            Directory.Delete(dir, recursive: true);
        }).QuickCheckThrowOnFailure();
    }

    private static bool TrySetXattr(string dir)
    {
        string probe = Path.Combine(dir, "probe");
        File.WriteAllText(probe, "");
        try
        {
            Xattrs.Set(probe, "user.probe", "1"u8);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        finally
        {
            File.Delete(probe);
        }
    }

    [Fact]
    public void HardlinksAreResolvedAtTheEndEvenBeforeTheirTarget()
    {
        using var scratch = new ScratchDir();
        using var repo = OstreeRepo.Create(scratch.Combine("repo"), RepoMode.Archive);
        var tar = Build(TarEntryFormat.Pax,
            new Item("./", SysTar.Directory, 0x1ED),
            new Item("early", SysTar.HardLink, Link: "./d/target"),
            new Item("d/", SysTar.Directory, 0x1ED),
            new Item("d/target", SysTar.RegularFile, 0x1ED, 5, 6, Text("content")));
        var (tree, _) = ImportTar(repo, tar);
        var dt = repo.ReadDirTree(tree);
        Assert.True(dt.TryGetFile("early", out var early));
        var sub = repo.ReadDirTree(dt.Directories.Single().TreeChecksum);
        Assert.Equal(sub.Files.Single().Checksum, early.Checksum);
    }

    [Theory]
    [InlineData("nothere", "ostree-tar: Processing deferred hardlink nothere: Failed to find object: No such file or directory: nothere")]
    [InlineData("d", "ostree-tar: Processing deferred hardlink d: Failed to find object: Expected hardlink file target at \"d\" but found a directory")]
    public void BadHardlinksFailWithOstreesMessage(string target, string message)
    {
        using var scratch = new ScratchDir();
        using var repo = OstreeRepo.Create(scratch.Combine("repo"), RepoMode.Archive);
        var tar = Build(TarEntryFormat.Pax, new Item("./", SysTar.Directory, 0x1ED), new Item("d/", SysTar.Directory, 0x1ED), new Item("h", SysTar.HardLink, Link: target));
        var e = Assert.Throws<TarFormatException>(() => ImportTar(repo, tar));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void MissingParentsFailUnlessAutocreated()
    {
        using var scratch = new ScratchDir();
        using var repo = OstreeRepo.Create(scratch.Combine("repo"), RepoMode.Archive);
        var tar = Build(TarEntryFormat.Ustar, new Item("x/y/f", SysTar.RegularFile, Data: Text("a")));
        Assert.Equal("No such file or directory: x", Assert.Throws<TarFormatException>(() => ImportTar(repo, tar)).Message);

        var (tree, meta) = ImportTar(repo, tar, new TarImportOptions { AutoCreateParents = true });
        var expectedMeta = Checksum.Compute(DirMetaObject.Serialize(0, 0, 0x41ED, XattrSet.Empty));
        Assert.Equal(expectedMeta, meta);
        var x = repo.ReadDirTree(tree).Directories.Single();
        Assert.Equal(("x", expectedMeta), (x.Name, x.MetaChecksum));
    }

    [Fact]
    public void WithoutARootEntryTheRootHasNoMetadata()
    {
        using var scratch = new ScratchDir();
        using var repo = OstreeRepo.Create(scratch.Combine("repo"), RepoMode.Archive);
        using var tx = repo.BeginTransaction();
        var root = new MutableTree();
        TarImporter.Import(tx, root, new MemoryStream(Build(TarEntryFormat.Ustar, new Item("f", SysTar.RegularFile, Data: []))));
        Assert.Null(root.MetaChecksum);
        Assert.True(root.Files.ContainsKey("f"));
    }

    [Theory]
    [InlineData("^usr/(a)a,sys/\\1\\0x", "usr/aa/f", "sys/ausr/aax/f")]
    [InlineData("aa,bb", "aa/aa/f", "bb/bb/f")]
    [InlineData("f,a,b", "f", "a,b")]
    [InlineData("^(?<top>[^/]+)/,\\g<top>-", "dir/file", "dir-file")]
    public void PathnameFilterUsesGlibReplacementSyntax(string spec, string input, string expected)
    {
        Assert.Equal(expected, TarPathnameFilter.Parse(spec).Apply(input));
    }

    [Fact]
    public void PathnameFilterErrors()
    {
        Assert.Equal("Missing ',' in --tar-pathname-filter", Assert.Throws<FormatException>(() => TarPathnameFilter.Parse("x")).Message);
        Assert.Equal("--tar-pathname-filter: Error while compiling regular expression ‘[’ at char 1: missing terminating ] for character class",
            Assert.Throws<FormatException>(() => TarPathnameFilter.Parse("[,x")).Message);
    }

    /// <summary>GRegex's wording and character offsets, as captured from ostree 2022.7.</summary>
    [Theory]
    [InlineData("a)b)", "at char 1: missing terminating )")]
    [InlineData("a{3}{4}", "at char 6: nothing to repeat")]
    [InlineData("(?<n>a)\\k<m>", "at char 10: reference to non-existent subpattern")]
    [InlineData("(?'n", "at char 4: missing terminator in subpattern name")]
    [InlineData("(?z)", "at char 2: unrecognized character after (? or (?-")]
    [InlineData("ü(", "at char 2: missing terminating )")]
    [InlineData("\\P{L", "at char 4: malformed \\P or \\p sequence")]
    public void PathnameFilterCompileErrorsAreWordedLikeGRegex(string pattern, string expected)
    {
        var e = Assert.Throws<FormatException>(() => TarPathnameFilter.Parse(pattern + ",x"));
        Assert.Equal($"--tar-pathname-filter: Error while compiling regular expression ‘{pattern}’ {expected}", e.Message);
    }

    [Theory]
    [InlineData("\\q", "at char 1: unknown escape sequence")]
    [InlineData("\\e", "at char 1: unknown escape sequence")]
    [InlineData("\\0\\", "at char 3: stray final “\\”")]
    [InlineData("\\g<1", "at char 4: unfinished symbolic reference")]
    [InlineData("\\g<a-b>", "at char 4: illegal symbolic reference")]
    [InlineData("\\g<>", "at char 3: zero-length symbolic reference")]
    [InlineData("\\gx", "at char 2: missing “<” in symbolic reference")]
    [InlineData("\\x", "at char 2: hexadecimal digit expected")]
    [InlineData("\\x4", "at char 3: hexadecimal digit expected")]
    [InlineData("\\x{41}\\xG", "at char 8: hexadecimal digit expected")]
    [InlineData("\\x{}", "at char 3: hexadecimal digit or “}” expected")]
    [InlineData("\\x{41", "at char 5: hexadecimal digit or “}” expected")]
    [InlineData("\\x{4G}", "at char 4: hexadecimal digit or “}” expected")]
    public void PathnameFilterReplacementErrorsAreWordedLikeGLib(string replacement, string expected)
    {
        var e = Assert.Throws<FormatException>(() => TarPathnameFilter.Parse("b(i)n," + replacement));
        Assert.Equal($"Error while parsing replacement text “{replacement}” {expected}", e.Message);
    }

    [Theory]
    [InlineData("b(i)n,\\x41\\x{42}", "bin/x", "AB/x")]
    [InlineData("b(i)n,<\\v\\b>", "bin", "<\v\b>")]
    public void PathnameFilterReplacementHexAndControlEscapes(string spec, string input, string expected)
    {
        Assert.Equal(expected, TarPathnameFilter.Parse(spec).Apply(input));
    }

    /// <summary>
    /// GLib's case conversions in replacements; expected values from GLib 2.74's <c>g_regex_replace</c> (called through
    /// ctypes) with the pattern <c>(a)(bc)(D)</c> on <c>xabcDx</c>. One state at a time: <c>\u</c>/<c>\l</c> replace
    /// <c>\U</c>/<c>\L</c> and end after one character.
    /// </summary>
    [Theory]
    [InlineData("\\U\\1\\2x\\E\\3y", "xABCXDyx")]
    [InlineData("\\u\\2\\3", "xBcDx")]
    [InlineData("\\l\\3z", "xdzx")]
    [InlineData("\\L\\3AB\\Ucd\\Eef", "xdabCDefx")]
    [InlineData("\\uab\\lCD", "xAbcDx")]
    [InlineData("\\U\\u\\2", "xBcx")]
    [InlineData("\\L\\u\\3X", "xDXx")]
    [InlineData("\\u\\Lab", "xabx")]
    [InlineData("\\l\\UAB", "xABx")]
    [InlineData("\\u\\0", "xAbcDx")]
    [InlineData("\\uéa", "xÉax")]
    [InlineData("\\Uéßſ", "xÉßSx")]
    [InlineData("\\uǆ", "xǄx")]
    [InlineData("\\ux\\E\\uy", "xXYx")]
    [InlineData("\\u\\E", "xx")]
    [InlineData("\\u", "xx")]
    [InlineData("\\L\\x41", "xax")]
    [InlineData("<\\x{0}>", "x<>x")]
    public void PathnameFilterReplacementCaseConversionsMatchGLib(string replacement, string expected)
    {
        Assert.Equal(expected, TarPathnameFilter.Parse("(a)(bc)(D)," + replacement).Apply("xabcDx"));
    }

    [Theory]
    [InlineData("\\x{D800}")]
    [InlineData("\\x{110000}")]
    [InlineData("\\x{FFFFFFFFFFFFFFFFFFFF}")]
    public void PathnameFilterReplacementRefusesNonScalarCodePoints(string replacement)
    {
        var e = Assert.Throws<FormatException>(() => TarPathnameFilter.Parse("a," + replacement));
        Assert.Contains("is not a Unicode scalar value", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusedEntries()
    {
        using var scratch = new ScratchDir();
        using var repo = OstreeRepo.Create(scratch.Combine("repo"), RepoMode.Archive);
        var root = new Item("./", SysTar.Directory, 0x1ED);
        Assert.Equal("Unsupported file type for path \"p\"",
            Assert.Throws<TarFormatException>(() => ImportTar(repo, Build(TarEntryFormat.Ustar, root, new Item("p", SysTar.Fifo)))).Message);
        Assert.Equal("While making relative path \"../evil\":Invalid uplink '..' in path ../evil",
            Assert.Throws<TarFormatException>(() => ImportTar(repo, Build(TarEntryFormat.Ustar, root, new Item("../evil", SysTar.RegularFile, Data: [])))).Message);
        Assert.Equal("ostree-tar: Failed to handle file: ostree-tar: Failed to import file: Can't replace directory with file: a",
            Assert.Throws<TarFormatException>(() => ImportTar(repo, Build(TarEntryFormat.Ustar, root, new Item("a/", SysTar.Directory, 0x1ED), new Item("a", SysTar.RegularFile, Data: [])))).Message);
        Assert.Throws<TarFormatException>(() => ImportTar(repo, Build(TarEntryFormat.Ustar, root, new Item("a", SysTar.RegularFile, Data: []), new Item("a/", SysTar.Directory, 0x1ED))));
    }

    [Fact]
    public void WhiteoutsDeleteFromTheLowerTreeOnly()
    {
        using var scratch = new ScratchDir();
        using var repo = OstreeRepo.Create(scratch.Combine("repo"), RepoMode.Archive);
        var lower = Build(TarEntryFormat.Pax,
            new Item("./", SysTar.Directory, 0x1ED),
            new Item("gone", SysTar.RegularFile, Data: Text("1")),
            new Item("kept", SysTar.RegularFile, Data: Text("2")),
            new Item("opq/", SysTar.Directory, 0x1ED),
            new Item("opq/old", SysTar.RegularFile, Data: Text("3")),
            new Item("gonedir/", SysTar.Directory, 0x1ED),
            new Item("gonedir/x", SysTar.RegularFile, Data: Text("4")));
        var upper = Build(TarEntryFormat.Pax,
            new Item(".wh.gone", SysTar.RegularFile, Data: []),
            new Item(".wh.gonedir", SysTar.RegularFile, Data: []),
            new Item("opq/", SysTar.Directory, 0x1ED),
            new Item("opq/new", SysTar.RegularFile, Data: Text("5")),
            new Item("opq/.wh..wh..opq", SysTar.RegularFile, Data: []));
        using var tx = repo.BeginTransaction();
        var root = new MutableTree();
        TarImporter.Import(tx, root, new MemoryStream(lower));
        var modifier = new CommitModifier { ProcessWhiteouts = true };
        TarImporter.Import(tx, root, new MemoryStream(upper), new TarImportOptions { Modifier = modifier });
        Assert.Equal(["kept"], root.Files.Keys);
        Assert.Equal(["opq"], root.Directories.Keys);
        Assert.Equal(["new"], root.Directories["opq"].Files.Keys);

        // Without the option the whiteouts are ordinary files.
        var plain = new MutableTree();
        TarImporter.Import(tx, plain, new MemoryStream(lower));
        TarImporter.Import(tx, plain, new MemoryStream(upper));
        Assert.Contains(".wh.gone", plain.Files.Keys);
        Assert.Contains("gone", plain.Files.Keys);
    }

    [Fact]
    public void CanonicalPermissionsKeepArchiveXattrsButNoXattrsDropsThem()
    {
        using var scratch = new ScratchDir();
        using var repo = OstreeRepo.Create(scratch.Combine("repo"), RepoMode.Archive);
        var tar = Build(TarEntryFormat.Pax, new Item("./", SysTar.Directory, 0x1ED),
            new Item("f", SysTar.RegularFile, 0xFFF, 5, 5, Text("x"), Pax: new() { ["SCHILY.xattr.user.a"] = "1" }));
        var (tree, _) = ImportTar(repo, tar, new TarImportOptions { Modifier = new CommitModifier { CanonicalPermissions = true } });
        using (var obj = repo.ReadContent(repo.ReadDirTree(tree).Files.Single().Checksum))
        {
            Assert.Equal((0u, 0u, 0x81EDu), (obj.Header.Uid, obj.Header.Gid, obj.Header.Mode));
            Assert.Single(obj.Header.Xattrs);
        }
        (tree, _) = ImportTar(repo, tar, new TarImportOptions { Modifier = new CommitModifier { SkipXattrs = true } });
        using (var obj = repo.ReadContent(repo.ReadDirTree(tree).Files.Single().Checksum))
            Assert.Empty(obj.Header.Xattrs);
    }

    [Fact]
    public void ExportUsesOstreeNamesOrderAndMtime()
    {
        using var scratch = new ScratchDir();
        using var repo = OstreeRepo.Create(scratch.Combine("repo"), RepoMode.Archive);
        var tar = Build(TarEntryFormat.Pax, new Item("./", SysTar.Directory, 0x1ED),
            new Item("z", SysTar.RegularFile, Data: Text("z")),
            new Item("a/", SysTar.Directory, 0x1C0, 12, 34),
            new Item("a/b/", SysTar.Directory, 0x1ED),
            new Item("a/b/f", SysTar.RegularFile, Data: Text("f")),
            new Item("a/c", SysTar.SymbolicLink, 0x1FF, Link: "b/f"),
            new Item("b", SysTar.RegularFile, Data: Text("b")));
        var (tree, meta) = ImportTar(repo, tar);
        using var tx = repo.BeginTransaction();
        var commit = CommitWriter.WriteCommit(tx, tree, meta, new CommitOptions { Timestamp = DateTimeOffset.FromUnixTimeSeconds(1600000000) });
        tx.Commit();

        List<string> Names(TarExportOptions? o)
        {
            var ms = new MemoryStream();
            TarExporter.Export(repo, commit, ms, o);
            ms.Position = 0;
            var names = new List<string>();
            using var r = new TarArchiveReader(ms);
            while (r.ReadNext() is { } e)
            {
                Assert.Equal(1600000000, e.ModificationTime);
                names.Add(e.Name);
            }
            return names;
        }
        Assert.Equal(["./", "b", "z", "a/", "a/c", "a/b/", "a/b/f"], Names(null));
        Assert.Equal(["pre/", "preb", "prez", "prea/", "prea/c", "prea/b/", "prea/b/f"], Names(new TarExportOptions { Prefix = "pre" }));
        Assert.Equal(["x/", "x/c", "x/b/", "x/b/f"], Names(new TarExportOptions { Prefix = "x/", Subpath = "/a" }));
        Assert.Equal(["f"], Names(new TarExportOptions { Subpath = "a/b/f" }));
        Assert.Throws<OstreeException>(() => Names(new TarExportOptions { Subpath = "/nope" }));
    }
}
