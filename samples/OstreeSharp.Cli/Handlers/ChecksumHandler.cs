using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Errors;
using OstreeSharp.Native;
using OstreeSharp.Objects;

namespace OstreeSharp.Cli.Handlers;

/// <summary><c>checksum</c>: the object checksum ostree would give a file, symlink or directory.</summary>
public sealed class ChecksumHandler : ICommandHandler<ChecksumCommandOptions>
{
    /// <inheritdoc/>
    public Task<int> ExecuteAsync(ChecksumCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        string path = options.Path;
        if (!FileStatus.TryLstat(path, out var st))
            throw new CliException($"Error when getting information for file \u201c{path}\u201d: No such file or directory");
        XattrSet xattrs = XattrSet.Empty;
        if (!options.IgnoreXattrs)
            xattrs = XattrSet.Create(Xattrs.List(path).Where(x => x.Value.Length > 0).Select(x => new Xattr(x.Name, x.Value)));
        Checksum result;
        if (st.IsDirectory)
        {
            result = Checksum.Compute(DirMetaObject.Serialize(st.Uid, st.Gid, st.Mode, xattrs));
        }
        else if (st.IsSymbolicLink)
        {
            string target = System.Text.Encoding.UTF8.GetString(NativeFile.ReadLink(path));
            result = ContentHasher.Compute(new FileHeader(st.Uid, st.Gid, st.Mode, target, xattrs), ReadOnlySpan<byte>.Empty);
        }
        else if (st.IsRegularFile)
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
            result = ContentHasher.Compute(new FileHeader(st.Uid, st.Gid, st.Mode, "", xattrs), fs);
        }
        else
        {
            throw new CliException($"Not a regular file or symlink: {path}");
        }
        context.Console.Out.Write(result + "\n");
        return Task.FromResult(0);
    }
}
