using System.Text;
using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.Native;

namespace OstreeSharp.Tests.Native;

public class XattrsTests
{
    private const string DumpScript =
        "import os,sys\np=sys.argv[1]\nfor n in sorted(os.fsencode(x) for x in os.listxattr(p, follow_symlinks=False)):\n" +
        "    print(n.hex(), os.getxattr(p, n, follow_symlinks=False).hex())\n";

    private static List<(string Name, string Value)> PythonDump(string path)
    {
        string output = TestProcess.Check(TestProcess.Python, "-c", DumpScript, path);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .Select(p => (p[0], p.Length > 1 ? p[1] : ""))
            .ToList();
    }

    [Fact]
    public void SetThenGetRoundTripsAndPythonSeesTheSameBytes()
    {
        using var dir = new TempDir();
        string file = dir.Combine("f");
        File.WriteAllText(file, "x");
        byte[] value = [0, 1, 2, 255, 0];
        Xattrs.Set(file, "user.binary", value);
        Assert.Equal(value, Xattrs.Get(file, "user.binary"));
        var dump = PythonDump(file);
        Assert.Contains((Convert.ToHexStringLower("user.binary"u8), Convert.ToHexStringLower(value)), dump);
    }

    [Fact]
    public void ListIsSortedBytewiseAndSkipsEmptyValues()
    {
        using var dir = new TempDir();
        string file = dir.Combine("f");
        File.WriteAllText(file, "x");
        // set in non-sorted order; 'user.Z' < 'user.a' bytewise, and non-ASCII sorts after ASCII
        Xattrs.Set(file, "user.b", "2"u8);
        Xattrs.Set(file, Encoding.UTF8.GetBytes("user.é"), "3"u8);
        Xattrs.Set(file, "user.a", "1"u8);
        Xattrs.Set(file, "user.Z", "0"u8);
        Xattrs.Set(file, "user.empty", ReadOnlySpan<byte>.Empty);

        var list = Xattrs.List(file);
        string[] names = list.Select(x => Encoding.UTF8.GetString(x.Name)).ToArray();
        Assert.Equal(["user.Z", "user.a", "user.b", "user.é"], names);
        Assert.Equal("0123", string.Concat(list.Select(x => Encoding.ASCII.GetString(x.Value))));
        Assert.All(list, x => Assert.DoesNotContain((byte)0, x.Name));

        // Empty value exists on disk (python sees it), but List skips it.
        Assert.Contains(PythonDump(file), e => e.Name == Convert.ToHexStringLower("user.empty"u8) && e.Value == "");
        Assert.Empty(Xattrs.Get(file, "user.empty")!);
        Assert.Contains(Xattrs.ListNames(file), n => n.AsSpan().SequenceEqual("user.empty"u8));
    }

    [Fact]
    public void MissingAttributeReadsAsNullAndRemoveReportsAbsence()
    {
        using var dir = new TempDir();
        string file = dir.Combine("f");
        File.WriteAllText(file, "x");
        Assert.Null(Xattrs.Get(file, "user.nope"));
        Assert.False(Xattrs.Remove(file, "user.nope"u8));
        Xattrs.Set(file, "user.yes", "v"u8);
        Assert.True(Xattrs.Remove(file, "user.yes"u8));
        Assert.Null(Xattrs.Get(file, "user.yes"));
        Assert.Empty(Xattrs.List(file));
    }

    [Fact]
    public void LargeValuesAreReadCompletely()
    {
        using var dir = new TempDir();
        string file = dir.Combine("f");
        File.WriteAllText(file, "x");
        byte[] value = new byte[3000];
        new Random(42).NextBytes(value);
        Xattrs.Set(file, "user.big", value);
        Assert.Equal(value, Xattrs.Get(file, "user.big"));
        Assert.Equal(value, Assert.Single(Xattrs.List(file)).Value);
    }

    [Fact]
    public void HandleVariantsMatchPathVariants()
    {
        using var dir = new TempDir();
        string file = dir.Combine("f");
        File.WriteAllText(file, "x");
        using (var h = File.OpenHandle(file, FileMode.Open, FileAccess.ReadWrite))
        {
            Xattrs.Set(h, "user.h"u8, "hv"u8);
            Xattrs.Set(h, "user.g"u8, "gv"u8);
            Assert.Equal("hv"u8.ToArray(), Xattrs.Get(h, "user.h"u8));
            Assert.Equal(["user.g", "user.h"], Xattrs.List(h).Select(x => Encoding.ASCII.GetString(x.Name)));
            Assert.True(Xattrs.Remove(h, "user.g"u8));
            Assert.False(Xattrs.Remove(h, "user.g"u8));
        }

        Assert.Equal([(Convert.ToHexStringLower("user.h"u8), Convert.ToHexStringLower("hv"u8))], PythonDump(file));
        Assert.Equal("hv"u8.ToArray(), Xattrs.Get(file, "user.h"));
    }

    [Fact]
    public void SymlinksAreNotFollowed()
    {
        using var dir = new TempDir();
        string target = dir.Combine("target");
        File.WriteAllText(target, "x");
        Xattrs.Set(target, "user.t", "1"u8);
        string link = dir.Combine("link");
        File.CreateSymbolicLink(link, "target");
        Assert.Empty(Xattrs.List(link));
        Assert.Null(Xattrs.Get(link, "user.t"));
        // user.* attributes are not permitted on symlinks by the kernel
        Assert.Throws<UnauthorizedAccessException>(() => Xattrs.Set(link, "user.t", "2"u8));
        Assert.Equal("1"u8.ToArray(), Xattrs.Get(target, "user.t"));
    }

    [Fact]
    public void ErrorsCarryPathAndErrnoText()
    {
        using var dir = new TempDir();
        string missing = dir.Combine("missing");
        var e = Assert.Throws<FileNotFoundException>(() => Xattrs.List(missing));
        Assert.Contains(missing, e.Message);
        Assert.Contains("No such file or directory", e.Message);
        var inner = Assert.IsType<NativeIOException>(e.InnerException);
        Assert.Equal(2, inner.Errno);
        Assert.Equal(missing, inner.Path);
    }

    [Fact]
    public void InvalidNamesAreRejected()
    {
        using var dir = new TempDir();
        string file = dir.Combine("f");
        File.WriteAllText(file, "x");
        Assert.Throws<ArgumentException>(() => Xattrs.Set(file, ReadOnlySpan<byte>.Empty, "v"u8));
        Assert.Throws<ArgumentException>(() => Xattrs.Set(file, "user.a\0b"u8, "v"u8));
        Assert.Throws<ArgumentException>(() => Xattrs.Get(file + "\0x", "user.a"));
    }

    [Fact]
    public void ProbeDetectsSupportAndLeavesNoFile()
    {
        using var dir = new TempDir();
        Assert.True(Xattrs.IsSupported(dir.Path));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public void RandomAttributeSetsListSortedLikePython()
    {
        using var dir = new TempDir();
        int counter = 0;
        var nameGen = Gen.Elements("a", "b", "Z", "é", "x.y", "_", "0", "ü").ArrayOf().Select(p => "user.k" + string.Concat(p));
        var gen = Gen.Zip(nameGen, Gen.Choose(0, 5)).ArrayOf();
        Prop.ForAll(gen.ToArbitrary(), entries =>
        {
            string file = dir.Combine("f" + counter++);
            File.WriteAllText(file, "");
            var expected = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, len) in entries)
            {
                byte[] value = Enumerable.Range(0, len).Select(i => (byte)(i * 37 + name.Length)).ToArray();
                Xattrs.Set(file, name, value);
                expected[Convert.ToHexStringLower(Encoding.UTF8.GetBytes(name))] = Convert.ToHexStringLower(value);
            }

            var ours = Xattrs.List(file).Select(x => (Convert.ToHexStringLower(x.Name), Convert.ToHexStringLower(x.Value))).ToList();
            var python = PythonDump(file).Where(e => e.Value.Length > 0).ToList();
            // hex of UTF-8 preserves bytewise order
            return ours.SequenceEqual(python) && ours.SequenceEqual(expected.Where(kv => kv.Value.Length > 0).Select(kv => (kv.Key, kv.Value)));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(25));
    }
}
