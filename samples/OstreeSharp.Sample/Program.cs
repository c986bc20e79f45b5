// The everyday OstreeSharp API in one page:
//   open or create a repository, commit a directory, resolve a ref, walk the tree, read a file.
// Usage: dotnet run --project samples/OstreeSharp.Sample -- REPO DIRECTORY
using System.Text;
using OstreeSharp.Commit;
using OstreeSharp.Repository;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: OstreeSharp.Sample REPO DIRECTORY");
    return 2;
}
string repoPath = args[0], directory = args[1];

// 1. Open the repository, or create an archive-mode one (what `ostree init --mode=archive` makes).
using var repo = Directory.Exists(Path.Combine(repoPath, "objects"))
    ? OstreeRepo.Open(repoPath)
    : OstreeRepo.Create(repoPath, RepoMode.Archive);

// 2. Commit the directory on the branch "sample/main" (its previous head becomes the parent).
var commit = repo.CommitDirectory(directory, "sample/main", subject: "Committed by OstreeSharp.Sample");
Console.WriteLine($"commit {commit}");

// 3. Resolve a ref (any rev ostree accepts: refs, remote:ref, checksum prefixes, ref^).
var head = repo.ResolveRev("sample/main");
Console.WriteLine($"sample/main -> {head}");

// 4. Walk the committed tree.
var root = repo.GetRoot(head);
int files = 0, dirs = 0;
foreach (var entry in repo.EnumerateDirectory(root, recursive: true))
{
    if (entry.Kind == TreeEntryKind.Directory) dirs++; else files++;
}
Console.WriteLine($"{files} files and symlinks in {dirs} subdirectories");

// 5. Read a file back: the first regular file of the tree.
foreach (var entry in repo.EnumerateDirectory(root, recursive: true))
{
    if (entry.Kind != TreeEntryKind.File)
        continue;
    using var content = repo.ReadContent(entry.Checksum);
    if (content.Content is null)
        continue; // a symlink
    var buffer = new byte[(int)Math.Min(64, content.Size)];
    content.Content.ReadExactly(buffer);
    Console.WriteLine($"{entry.Path}: {content.Size} bytes, mode {Convert.ToString(content.Header.Mode & 0xFFF, 8)}, starts with {Describe(buffer)}");
    break;
}
return 0;

// The first line when the bytes are printable UTF-8 text, otherwise a hex dump of the first 16 bytes.
static string Describe(byte[] start)
{
    try
    {
        string text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(start).Split('\n')[0];
        if (!text.Any(c => char.IsControl(c) && c != '\t'))
            return $"\"{text}\"";
    }
    catch (DecoderFallbackException)
    {
        // Not UTF-8 (or cut inside a multi-byte sequence): fall through to hex.
    }
    return "0x" + Convert.ToHexStringLower(start.AsSpan(0, Math.Min(16, start.Length)));
}
