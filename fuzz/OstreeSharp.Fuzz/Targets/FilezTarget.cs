using OstreeSharp.Fuzz.Engine;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Fuzz.Targets;

/// <summary>
/// A full <c>.filez</c> read: the bytes are stored as a content object of a scratch archive repository, then
/// <see cref="OstreeRepo.ReadContent"/> opens it and the content stream is read to the end. The stream must deliver
/// exactly the declared size — never more.
/// </summary>
public sealed class FilezTarget : FuzzTarget
{
    private static readonly Checksum ObjectChecksum = Checksum.Parse("f00d" + new string('0', 60));
    private OstreeRepo? _repo;
    private string _objectPath = "";
    private readonly byte[] _buffer = new byte[64 * 1024];

    public override string Name => "filez";

    public override string Description => "OstreeRepo.ReadContent of an archive .filez + read to end (<= declared size)";

    public override TimeSpan Timeout => TimeSpan.FromSeconds(10);

    public override void Setup(SeedMaterial material)
    {
        _repo = OstreeRepo.Create(Path.Combine(material.NewScratch("filez"), "repo"), RepoMode.Archive);
        _objectPath = _repo.GetObjectPath(ObjectChecksum, ObjectType.File);
        Directory.CreateDirectory(Path.GetDirectoryName(_objectPath)!);
    }

    public override IEnumerable<byte[]> Seeds(SeedMaterial material) => material.Get("filez");

    public override void Execute(byte[] input)
    {
        File.WriteAllBytes(_objectPath, input);
        using var obj = _repo!.ReadContent(ObjectChecksum);
        _ = obj.Header.ToString();
        if (obj.Content is null)
        {
            if (!obj.Header.IsSymlink || obj.Size != 0)
            {
                throw new FuzzInvariantException($"filez without content: {obj.Header} size {obj.Size}");
            }

            return;
        }

        ulong total = 0;
        int n;
        while ((n = obj.Content.Read(_buffer)) > 0)
        {
            total += (ulong)n;
            if (total > obj.Size)
            {
                throw new FuzzInvariantException($"filez output exceeds declared size: {total} > {obj.Size}");
            }
        }

        if (total != obj.Size)
        {
            throw new FuzzInvariantException($"filez output shorter than declared size: {total} < {obj.Size} without an error");
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _repo?.Dispose();
        }
    }
}
