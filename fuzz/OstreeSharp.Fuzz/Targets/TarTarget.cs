using System.Formats.Tar;
using System.Text;
using OstreeSharp.Archive;
using OstreeSharp.Commit;
using OstreeSharp.Fuzz.Engine;
using OstreeSharp.Repository;

namespace OstreeSharp.Fuzz.Targets;

/// <summary>
/// <c>commit --tree=tar=</c> on arbitrary bytes: <see cref="TarDecompression.Open"/> (plain, gzip, xz, bzip2, zstd by magic)
/// then <see cref="TarImporter.Import"/> into a <see cref="MutableTree"/> of a scratch repository, whose transaction
/// is then aborted. Only <see cref="OstreeDataException"/>s (e.g. <see cref="TarFormatException"/>) may escape.
/// Seeds: ustar, PAX (with binary xattrs), GNU and v7 archives written by System.Formats.Tar, one gzipped.
/// </summary>
public sealed class TarTarget : FuzzTarget
{
    private OstreeRepo? _repo;

    public override string Name => "tar";

    public override string Description => "TarDecompression.Open + TarImporter.Import (ustar/PAX/GNU/v7, xattrs, hardlinks) into a MutableTree";

    public override int MaxInputLength => 256 * 1024;

    public override TimeSpan Timeout => TimeSpan.FromSeconds(10);

    public override void Setup(SeedMaterial material) =>
        _repo = OstreeRepo.Create(Path.Combine(material.NewScratch("tar"), "repo"), RepoMode.BareUserOnly);

    public override IEnumerable<byte[]> Seeds(SeedMaterial material)
    {
        foreach (var format in new[] { TarEntryFormat.Ustar, TarEntryFormat.Pax, TarEntryFormat.Gnu, TarEntryFormat.V7 })
        {
            byte[] tar = MakeTar(format);
            yield return tar;
            if (format == TarEntryFormat.Pax)
            {
                using var ms = new MemoryStream();
                using (var gz = new System.IO.Compression.GZipStream(ms, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
                    gz.Write(tar);
                yield return ms.ToArray();
            }
        }
    }

    private static byte[] MakeTar(TarEntryFormat format)
    {
        using var ms = new MemoryStream();
        using (var w = new TarWriter(ms, format, leaveOpen: true))
        {
            TarEntry Entry(TarEntryType type, string name) => format switch
            {
                TarEntryFormat.Ustar => new UstarTarEntry(type, name),
                TarEntryFormat.Pax => new PaxTarEntry(type, name),
                TarEntryFormat.Gnu => new GnuTarEntry(type, name),
                _ => new V7TarEntry(type == TarEntryType.RegularFile ? TarEntryType.V7RegularFile : type, name),
            };
            var root = Entry(TarEntryType.Directory, "./");
            root.Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            w.WriteEntry(root);
            if (format != TarEntryFormat.V7)
                w.WriteEntry(Entry(TarEntryType.Directory, "./usr/"));
            var file = Entry(TarEntryType.RegularFile, format == TarEntryFormat.V7 ? "./hello" : "./usr/hello");
            file.DataStream = new MemoryStream(Encoding.ASCII.GetBytes("hello tar\n"));
            w.WriteEntry(file);
            var link = Entry(TarEntryType.SymbolicLink, "./link");
            link.LinkName = "usr/hello";
            w.WriteEntry(link);
            var hard = Entry(TarEntryType.HardLink, "./hard");
            hard.LinkName = format == TarEntryFormat.V7 ? "./hello" : "./usr/hello";
            w.WriteEntry(hard);
            if (format == TarEntryFormat.Pax)
            {
                var attrs = new Dictionary<string, string> { ["SCHILY.xattr.user.test"] = "value", ["mtime"] = "1600000000.5" };
                var x = new PaxTarEntry(TarEntryType.RegularFile, "./xattr", attrs) { DataStream = new MemoryStream([1, 2, 3]) };
                w.WriteEntry(x);
            }
        }
        return ms.ToArray();
    }

    public override void Execute(byte[] input)
    {
        using var tx = _repo!.BeginTransaction();
        var tree = new MutableTree();
        using var source = new MemoryStream(input, writable: false);
        TarImporter.Import(tx, tree, source, new TarImportOptions { AutoCreateParents = true });
        tx.Abort();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _repo?.Dispose();
    }
}
