using System.Globalization;
using System.Text;
using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Errors;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Cli.Handlers;

/// <summary><c>ls</c>: lists paths of a commit in ostree's column format.</summary>
public sealed class LsHandler : ICommandHandler<LsCommandOptions>
{
    /// <inheritdoc/>
    public Task<int> ExecuteAsync(LsCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        using var repo = RepoOpener.Open(options.Repository);
        var commit = RevResolver.Resolve(repo, options.Commit);
        var o = context.Console.Out;
        foreach (var p in options.Paths)
        {
            string path = "/" + p.Trim('/');
            if (!repo.TryResolvePath(commit, path, out var entry))
                throw new CliException($"Inspecting path '{p}': {PathErrors.Describe(repo, commit, path)}");
            Print(repo, entry, options, o);
            if (entry.Kind == TreeEntryKind.Directory && !options.DirectoryOnly)
            {
                foreach (var child in repo.EnumerateDirectory(entry, options.Recursive))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Print(repo, child, options, o);
                }
            }
        }
        return Task.FromResult(0);
    }

    private static void Print(OstreeRepo repo, TreeEntry e, LsCommandOptions options, TextWriter o)
    {
        if (options.NulFilenamesOnly)
        {
            o.Write(e.Path);
            o.Write('\0');
            return;
        }
        char type;
        uint uid, gid, mode;
        ulong size = 0;
        XattrSet xattrs;
        string? target = null;
        if (e.Kind == TreeEntryKind.Directory)
        {
            var dm = repo.ReadDirMeta(e.MetaChecksum);
            type = 'd';
            (uid, gid, mode, xattrs) = (dm.Uid, dm.Gid, dm.Mode, dm.Xattrs);
        }
        else
        {
            using var obj = repo.ReadContent(e.Checksum);
            var h = obj.Header;
            (uid, gid, mode, xattrs) = (h.Uid, h.Gid, h.Mode, h.Xattrs);
            if (h.IsSymlink)
            {
                type = 'l';
                target = h.SymlinkTarget;
            }
            else
            {
                type = '-';
                size = obj.Size;
            }
        }
        var sb = new StringBuilder();
        sb.Append(type).Append(Convert.ToString(mode & 0xFFF, 8).PadLeft(5, '0')).Append(' ')
          .Append(uid.ToString(CultureInfo.InvariantCulture)).Append(' ')
          .Append(gid.ToString(CultureInfo.InvariantCulture)).Append(' ')
          .Append(size.ToString(CultureInfo.InvariantCulture).PadLeft(6)).Append(' ');
        if (options.Checksum)
        {
            sb.Append(e.Checksum).Append(' ');
            if (e.Kind == TreeEntryKind.Directory)
                sb.Append(e.MetaChecksum).Append(' ');
        }
        if (options.Xattrs)
        {
            var v = GVariantValue.Read(xattrs.Serialize(), OstreeTypes.Xattrs);
            sb.Append("{ ").Append(v.Print(true)).Append(" } ");
        }
        sb.Append(e.Path);
        if (target is not null)
            sb.Append(" -> ").Append(target);
        sb.Append('\n');
        o.Write(sb.ToString());
    }
}
