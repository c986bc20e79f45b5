using System.Globalization;
using OstreeSharp.Native;

namespace OstreeSharp.Tests.Native;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class FileStatusTests
{
    // stat(1) format: raw mode hex, uid, gid, size, dev (decimal st_dev), inode, nlink, mtime secs, mtime ns, rdev major, minor
    private static string[] Stat(string path)
        => TestProcess.Check("stat", "-c", "%f %u %g %s %d %i %h %Y %.9Y %Hr %Lr", path).Trim().Split(' ');

    private static void AssertMatches(FileStatus st, string path)
    {
        string[] s = Stat(path);
        Assert.Equal(uint.Parse(s[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture), st.Mode);
        Assert.Equal(uint.Parse(s[1], CultureInfo.InvariantCulture), st.Uid);
        Assert.Equal(uint.Parse(s[2], CultureInfo.InvariantCulture), st.Gid);
        Assert.Equal(long.Parse(s[3], CultureInfo.InvariantCulture), st.Size);
        Assert.Equal(ulong.Parse(s[4], CultureInfo.InvariantCulture), st.Dev);
        Assert.Equal(ulong.Parse(s[5], CultureInfo.InvariantCulture), st.Ino);
        Assert.Equal(uint.Parse(s[6], CultureInfo.InvariantCulture), st.Nlink);
        Assert.Equal(long.Parse(s[7], CultureInfo.InvariantCulture), st.MtimeSeconds);
        Assert.Equal(s[8].Split('.')[1], st.MtimeNanoseconds.ToString("D9", CultureInfo.InvariantCulture));
        Assert.Equal(FileStatus.MakeDev(uint.Parse(s[9], CultureInfo.InvariantCulture), uint.Parse(s[10], CultureInfo.InvariantCulture)), st.Rdev);
    }

    [Fact]
    public void RegularFileMatchesStatCommand()
    {
        using var dir = new TempDir();
        string file = dir.Combine("f");
        File.WriteAllText(file, "hello");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.SetUser | UnixFileMode.OtherExecute);
        Assert.Equal(HardLinkResult.Success, NativeFile.TryHardLink(file, dir.Combine("g")));
        var st = FileStatus.Lstat(file);
        AssertMatches(st, file);
        Assert.True(st.IsRegularFile);
        Assert.False(st.IsDirectory);
        Assert.Equal(2u, st.Nlink);
        Assert.Equal(5, st.Size);
        Assert.Equal(0x8000u | 0x800u | 0x180u | 0x1u, st.Mode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.SetUser | UnixFileMode.OtherExecute, st.Permissions);
    }

    [Fact]
    public void SymlinkIsNotFollowed()
    {
        using var dir = new TempDir();
        string link = dir.Combine("l");
        File.CreateSymbolicLink(link, "some/target");
        var st = FileStatus.Lstat(link);
        AssertMatches(st, link);
        Assert.True(st.IsSymbolicLink);
        Assert.Equal("some/target".Length, st.Size);
    }

    [Fact]
    public void DirectoryAndDeviceMatchStatCommand()
    {
        using var dir = new TempDir();
        var d = FileStatus.Lstat(dir.Path);
        AssertMatches(d, dir.Path);
        Assert.True(d.IsDirectory);
        var devNull = FileStatus.Lstat("/dev/null");
        AssertMatches(devNull, "/dev/null");
        Assert.Equal(FileStatus.MakeDev(1, 3), devNull.Rdev);
        Assert.Equal(0x2000u, devNull.Mode & FileStatus.TypeMask);
    }

    [Fact]
    public void FstatEqualsLstatForTheSameFile()
    {
        using var dir = new TempDir();
        string file = dir.Combine("f");
        File.WriteAllText(file, "abc");
        using var h = File.OpenHandle(file);
        var a = FileStatus.Fstat(h);
        var b = FileStatus.Lstat(file);
        Assert.Equal(b.Ino, a.Ino);
        Assert.Equal(b.Dev, a.Dev);
        Assert.Equal(b.Mode, a.Mode);
        Assert.Equal(b.Size, a.Size);
        Assert.Equal(b.MtimeSeconds, a.MtimeSeconds);
        Assert.Equal(b.MtimeNanoseconds, a.MtimeNanoseconds);
    }

    [Fact]
    public void DirectoryHandleCanBeStatted()
    {
        using var dir = new TempDir();
        using var h = NativeFile.OpenDirectory(dir.Path);
        Assert.True(FileStatus.Fstat(h).IsDirectory);
        Assert.Equal(FileStatus.Lstat(dir.Path).Ino, FileStatus.Fstat(h).Ino);
    }

    [Fact]
    public void MissingPaths()
    {
        using var dir = new TempDir();
        Assert.Throws<FileNotFoundException>(() => FileStatus.Lstat(dir.Combine("nope")));
        Assert.False(FileStatus.TryLstat(dir.Combine("nope"), out _));
        File.WriteAllText(dir.Combine("file"), "");
        Assert.False(FileStatus.TryLstat(dir.Combine("file/below"), out _));
        Assert.True(FileStatus.TryLstat(dir.Combine("file"), out var st));
        Assert.True(st.IsRegularFile);
    }

    [Theory]
    [InlineData(0u, 0u, 0ul)]
    [InlineData(1u, 3u, 0x103ul)]
    [InlineData(254u, 1u, 0xfe01ul)]
    [InlineData(0x12345u, 0x6789au, 0x0001_2000_6783_459aul)]
    public void MakeDevMatchesGlibcEncoding(uint major, uint minor, ulong expected)
    {
        // glibc: ((major & 0xfffff000) << 32) | ((major & 0xfff) << 8) | ((minor & 0xffffff00) << 12) | (minor & 0xff)
        Assert.Equal(expected, FileStatus.MakeDev(major, minor));
    }
}
