using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Maintenance;

/// <summary>
/// Moves an existing ref to another commit, like <c>ostree reset REF COMMIT</c>. As in ostree 2022.7 there is no
/// ancestry check and the target commit need not be present; an alias is replaced by a plain ref file.
/// </summary>
public static class RefReset
{
    /// <summary>Points <paramref name="refspec"/> (<c>NAME</c> or <c>REMOTE:NAME</c>) at <paramref name="target"/>.</summary>
    /// <returns>The commit the ref pointed to before.</returns>
    /// <exception cref="RefNotFoundException">The refspec is malformed or the ref does not exist
    /// (ostree: <c>Invalid ref 'X'</c>).</exception>
    public static Checksum Reset(OstreeRepo repo, string refspec, Checksum target)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(refspec);
        if (!RefSpec.TryParse(refspec, out var spec) || spec.IsChecksum || !repo.TryReadRef(spec.Remote, spec.Ref, out var previous))
            throw new RefNotFoundException($"Invalid ref '{refspec}'");
        repo.SetRefImmediate(spec.Remote, spec.Ref, target);
        return previous;
    }
}
