using System.Diagnostics;
using System.Globalization;
using System.Text;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

// Makes a synthetic repository for scaling runs (benchmarks/scaling/scaling.py):
//   dotnet run -c Release --project benchmarks/scaling -- REPO FILES [MODE]
// Commit 1 on ref "main" holds FILES distinct small files, 1,000 per directory. Commit 2 (its child, same ref) keeps
// the first half of the directories and replaces the files of the second half, so `prune --refs-only --depth=0`
// has commit 1 and FILES/2 content objects (plus their dirtrees) to delete. Content is deterministic.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: OstreeSharp.Scaling REPO FILES [archive|bare-user]");
    return 2;
}
string repoPath = args[0];
int files = int.Parse(args[1], CultureInfo.InvariantCulture);
var mode = args.Length > 2 && args[2] == "bare-user" ? RepoMode.BareUser : RepoMode.Archive;
const int PerDirectory = 1000;
int directories = (files + PerDirectory - 1) / PerDirectory;

var sw = Stopwatch.StartNew();
using var repo = OstreeRepo.Create(repoPath, mode);
var header = FileHeader.RegularFile(0, 0, UnixMode.Regular | 0x1A4);
var dirMeta = DirMetaObject.Default;

Checksum WriteCommit(RepoTransaction tx, int generation, Checksum? parent)
{
    var meta = tx.WriteMetadata(ObjectType.DirMeta, dirMeta.RawBytes.Span);
    var subdirs = new DirTreeDirectory[directories];
    Parallel.For(0, directories, d =>
    {
        // Generation 2 rewrites the second half of the directories.
        int contentGeneration = generation == 2 && d >= directories / 2 ? 2 : 1;
        var entries = new List<DirTreeFile>(PerDirectory);
        for (int i = d * PerDirectory; i < Math.Min(files, (d + 1) * PerDirectory); i++)
        {
            byte[] content = Encoding.ASCII.GetBytes($"synthetic file {i} generation {contentGeneration}\n");
            entries.Add(new DirTreeFile($"f{i:D7}", tx.WriteContent(header, content)));
        }
        var tree = DirTreeObject.Create(entries, []);
        subdirs[d] = new DirTreeDirectory($"d{d:D5}", tx.WriteMetadata(ObjectType.DirTree, tree.RawBytes.Span), meta);
    });
    var root = DirTreeObject.Create([], subdirs);
    var rootTree = tx.WriteMetadata(ObjectType.DirTree, root.RawBytes.Span);
    var commit = CommitObject.Create(new MetadataDictionary(), parent, $"synthetic {generation}", "", 1_600_000_000UL + (ulong)generation, rootTree, meta);
    return tx.WriteMetadata(ObjectType.Commit, commit.RawBytes.Span);
}

Checksum first;
using (var tx = repo.BeginTransaction())
{
    first = WriteCommit(tx, 1, null);
    tx.SetRef(null, "main", first);
    tx.Commit();
}
Checksum second;
using (var tx = repo.BeginTransaction())
{
    second = WriteCommit(tx, 2, first);
    tx.SetRef(null, "main", second);
    tx.Commit();
}
Console.WriteLine(FormattableString.Invariant($"{repoPath}: {files} files, commits {first} -> {second}, {sw.Elapsed.TotalSeconds:F1} s"));
return 0;
