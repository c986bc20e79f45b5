using System.Security.Cryptography;
using System.Text;
using OstreeSharp.Interop.Tests.Infrastructure;
using OstreeSharp.Native;

namespace OstreeSharp.Interop.Tests.Compat;

/// <summary>
/// Everything a checkout decides about each entry: type, full mode (incl. set-id/sticky bits), owner, size, content
/// hash or link target, <c>user.*</c> xattrs, and whether the entry shares its inode (nlink &gt; 1, i.e. it was
/// hardlinked from the repository). Timestamps are left out.
/// </summary>
internal static class CheckoutSnapshot
{
    public static List<string> Capture(string root, bool linkInfo = true)
    {
        var lines = new List<string>();
        Walk(root, "", linkInfo, lines);
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static void Walk(string root, string rel, bool linkInfo, List<string> lines)
    {
        string full = rel.Length == 0 ? root : Path.Combine(root, rel);
        FileStatus st = FileStatus.Lstat(full);
        var sb = new StringBuilder();
        sb.Append(rel.Length == 0 ? "." : rel).Append(' ')
          .Append(Convert.ToString(st.Mode, 8)).Append(' ')
          .Append(st.Uid).Append(':').Append(st.Gid);
        if (st.IsSymbolicLink)
        {
            sb.Append(" -> ").Append(new FileInfo(full).LinkTarget);
        }
        else if (st.IsRegularFile)
        {
            using FileStream s = File.OpenRead(full);
            sb.Append(' ').Append(st.Size).Append(' ').Append(Convert.ToHexStringLower(SHA256.HashData(s)));
        }
        if (!st.IsSymbolicLink)
        {
            foreach (var (k, v) in Infrastructure.Xattrs.List(full))
                sb.Append(' ').Append(k).Append('=').Append(Convert.ToHexStringLower(v));
        }
        if (linkInfo && !st.IsDirectory)
            sb.Append(st.Nlink > 1 ? " linked" : " copied");
        lines.Add(sb.ToString());
        if (st.IsDirectory)
        {
            foreach (string child in Directory.EnumerateFileSystemEntries(full))
                Walk(root, rel.Length == 0 ? Path.GetFileName(child) : rel + "/" + Path.GetFileName(child), linkInfo, lines);
        }
    }

    public static void AssertEqual(IReadOnlyList<string> expected, IReadOnlyList<string> actual, string what)
    {
        if (expected.SequenceEqual(actual))
            return;
        var missing = expected.Except(actual).Take(15);
        var extra = actual.Except(expected).Take(15);
        Assert.Fail($"{what}: trees differ\n--- only in ostree's:\n{string.Join('\n', missing)}\n--- only in ostree-sharp's:\n{string.Join('\n', extra)}");
    }
}
