using System.Globalization;
using System.Text;
using OstreeSharp.Native;

namespace OstreeSharp.Tests.Native;

public class NativeFileTests
{
    private static string StatField(string format, string path) => TestProcess.Check("stat", "-c", format, path).Trim();

    [Fact]
    public void LchownChangesTheLinkNotTheTarget()
    {
        Assert.Equal(0u, NativeProcess.EffectiveUserId); // the test environment runs as root
        using var dir = new TempDir();
        string target = dir.Combine("t");
        File.WriteAllText(target, "");
        string link = dir.Combine("l");
        File.CreateSymbolicLink(link, "t");
        NativeFile.Lchown(link, 1234, 5678);
        Assert.Equal("1234:5678", StatField("%u:%g", link));
        Assert.Equal("0:0", StatField("%u:%g", target));
    }

    [Fact]
    public void FchownAndFchmodIncludingSpecialBits()
    {
        using var dir = new TempDir();
        string file = dir.Combine("f");
        File.WriteAllText(file, "");
        using (var h = File.OpenHandle(file, FileMode.Open, FileAccess.ReadWrite))
        {
            NativeFile.Fchown(h, 42, 43);
            NativeFile.Fchmod(h, 0x8000 | 0xDED); // type bits ignored; 06755
        }

        Assert.Equal("42:43 6755", StatField("%u:%g %a", file));
    }

    [Fact]
    public void HardLinkReportsRecoverableErrors()
    {
        using var dir = new TempDir();
        string a = dir.Combine("a");
        File.WriteAllText(a, "x");
        Assert.Equal(HardLinkResult.Success, NativeFile.TryHardLink(a, dir.Combine("b")));
        Assert.Equal("2", StatField("%h", a));
        Assert.Equal(HardLinkResult.AlreadyExists, NativeFile.TryHardLink(a, dir.Combine("b")));
        using var shm = new TempDir("/dev/shm");
        Assert.NotEqual(FileStatus.Lstat(dir.Path).Dev, FileStatus.Lstat(shm.Path).Dev);
        Assert.Equal(HardLinkResult.CrossDevice, NativeFile.TryHardLink(a, shm.Combine("c")));
        Assert.Throws<FileNotFoundException>(() => NativeFile.TryHardLink(dir.Combine("missing"), dir.Combine("d")));
    }

    [Fact]
    public void HardLinkDoesNotFollowSymlinks()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("t"), "x");
        File.CreateSymbolicLink(dir.Combine("l"), "t");
        Assert.Equal(HardLinkResult.Success, NativeFile.TryHardLink(dir.Combine("l"), dir.Combine("l2")));
        Assert.True(FileStatus.Lstat(dir.Combine("l2")).IsSymbolicLink);
    }

    [Fact]
    public void RenameNoReplaceKeepsExistingDestination()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("a"), "A");
        File.WriteAllText(dir.Combine("b"), "B");
        Assert.False(NativeFile.TryRenameNoReplace(dir.Combine("a"), dir.Combine("b")));
        Assert.Equal("A", File.ReadAllText(dir.Combine("a")));
        Assert.Equal("B", File.ReadAllText(dir.Combine("b")));
        Assert.True(NativeFile.TryRenameNoReplace(dir.Combine("a"), dir.Combine("c")));
        Assert.False(File.Exists(dir.Combine("a")));
        Assert.Equal("A", File.ReadAllText(dir.Combine("c")));
        // directories too
        Directory.CreateDirectory(dir.Combine("d1"));
        Directory.CreateDirectory(dir.Combine("d2"));
        Assert.False(NativeFile.TryRenameNoReplace(dir.Combine("d1"), dir.Combine("d2")));
        Assert.True(NativeFile.TryRenameNoReplace(dir.Combine("d1"), dir.Combine("d3")));
    }

    [Fact]
    public void RenameReplaces()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("a"), "A");
        File.WriteAllText(dir.Combine("b"), "B");
        NativeFile.Rename(dir.Combine("a"), dir.Combine("b"));
        Assert.Equal("A", File.ReadAllText(dir.Combine("b")));
        var e = Assert.Throws<FileNotFoundException>(() => NativeFile.Rename(dir.Combine("a"), dir.Combine("b")));
        Assert.StartsWith("rename(" + dir.Combine("a"), e.Message);
    }

    [Fact]
    public void SetTimesWorksOnSymlinksWithoutTouchingTheTarget()
    {
        using var dir = new TempDir();
        string target = dir.Combine("t");
        File.WriteAllText(target, "");
        string link = dir.Combine("l");
        File.CreateSymbolicLink(link, "t");
        long targetMtime = FileStatus.Lstat(target).MtimeSeconds;
        NativeFile.SetTimes(link, 0, 0, 0, 0);
        Assert.Equal("0 0", StatField("%X %Y", link));
        Assert.Equal(targetMtime, FileStatus.Lstat(target).MtimeSeconds);
        NativeFile.SetTimes(target, 5, 6, 1_700_000_000, 123_456_789);
        var st = FileStatus.Lstat(target);
        Assert.Equal(1_700_000_000, st.MtimeSeconds);
        Assert.Equal(123_456_789u, st.MtimeNanoseconds);
        Assert.Equal(5, st.AtimeSeconds);
        Assert.Equal("1700000000.123456789", StatField("%.9Y", target));
        Assert.Throws<ArgumentOutOfRangeException>(() => NativeFile.SetTimes(target, 0, 1_000_000_000, 0, 0));
    }

    [Fact]
    public void SetTimesOnHandle()
    {
        using var dir = new TempDir();
        string file = dir.Combine("f");
        File.WriteAllText(file, "");
        using (var h = File.OpenHandle(file, FileMode.Open, FileAccess.ReadWrite))
        {
            NativeFile.SetTimes(h, 0, 0, 0, 0);
        }

        Assert.Equal("0", StatField("%Y", file));
    }

    [Fact]
    public void SymlinkTargetsAreRawBytes()
    {
        using var dir = new TempDir();
        byte[] target = [(byte)'.', (byte)'.', (byte)'/', 0xff, 0xfe, (byte)'/', (byte)'/', (byte)'x', (byte)'/', (byte)'.'];
        string link = dir.Combine("l");
        NativeFile.CreateSymbolicLink(target, link);
        Assert.Equal(target, NativeFile.ReadLink(link));
        string python = TestProcess.Check(TestProcess.Python, "-c", "import os,sys; print(os.readlink(os.fsencode(sys.argv[1])).hex())", link).Trim();
        Assert.Equal(Convert.ToHexStringLower(target), python);

        string link2 = dir.Combine("l2");
        NativeFile.CreateSymbolicLink("a//b/../ü", link2);
        Assert.Equal(Encoding.UTF8.GetBytes("a//b/../ü"), NativeFile.ReadLink(link2));
        Assert.Equal("a//b/../ü", TestProcess.Check("readlink", link2).TrimEnd('\n'));

        string longTarget = new string('x', 1000) + "/y";
        NativeFile.CreateSymbolicLink(longTarget, dir.Combine("l3"));
        Assert.Equal(longTarget, Encoding.UTF8.GetString(NativeFile.ReadLink(dir.Combine("l3"))));

        Assert.Throws<NativeIOException>(() => NativeFile.CreateSymbolicLink("x", link));
        Assert.Throws<NativeIOException>(() => NativeFile.ReadLink(dir.Path)); // EINVAL: not a link
        Assert.Throws<ArgumentException>(() => NativeFile.CreateSymbolicLink("a\0b"u8, dir.Combine("l4")));
    }

    [Fact]
    public void SyncCallsSucceedOnFilesAndDirectories()
    {
        using var dir = new TempDir();
        string file = dir.Combine("f");
        File.WriteAllText(file, "data");
        using (var h = File.OpenHandle(file, FileMode.Open, FileAccess.ReadWrite))
        {
            NativeFile.Fsync(h);
            NativeFile.Syncfs(h);
        }

        NativeFile.FsyncDirectory(dir.Path);
        var e = Assert.Throws<NativeIOException>(() => NativeFile.FsyncDirectory(file));
        Assert.Equal(20, e.Errno); // ENOTDIR
        Assert.Contains("Not a directory", e.Message);
    }

    [Fact]
    public void LockFileIsCreatedWithUmaskAppliedAndNoDotnetFlock()
    {
        using var dir = new TempDir();
        string path = dir.Combine(".lock");
        using var h = NativeFile.OpenLockFile(path, (UnixFileMode)0x1B0); // 0660
        uint expected = 0x1B0u & ~NativeProcess.GetUmask();
        Assert.Equal(expected, FileStatus.Lstat(path).Mode & 0xFFF);
        // an flock from another process must succeed: no hidden .NET flock is held
        Assert.Equal(0, TestProcess.Run("flock", "-n", "-x", path, "true").ExitCode);
        Assert.Throws<NativeIOException>(() => NativeFile.OpenLockFile(dir.Path, (UnixFileMode)0x1B0));
    }

    [Fact]
    public void ProcessIdentityMatchesIdCommand()
    {
        Assert.Equal(TestProcess.Check("id", "-u").Trim(), NativeProcess.UserId.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(TestProcess.Check("id", "-u").Trim(), NativeProcess.EffectiveUserId.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(TestProcess.Check("id", "-g").Trim(), NativeProcess.GroupId.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(TestProcess.Check("id", "-g").Trim(), NativeProcess.EffectiveGroupId.ToString(CultureInfo.InvariantCulture));
        string shellUmask = TestProcess.Check("sh", "-c", "umask").Trim();
        Assert.Equal(Convert.ToUInt32(shellUmask, 8), NativeProcess.GetUmask());
    }
}
