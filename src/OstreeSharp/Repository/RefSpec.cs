using System.Diagnostics.CodeAnalysis;

namespace OstreeSharp.Repository;

/// <summary>
/// A refspec <c>[REMOTE:]REF</c> (spec §5.2): a ref name optionally qualified by a remote name.
/// A bare 64-character lowercase hex string parses as a ref but <see cref="IsChecksum"/> tells callers that
/// libostree resolves it as a commit checksum, not a ref.
/// </summary>
public sealed class RefSpec : IEquatable<RefSpec>
{
    /// <summary>Creates a refspec from validated parts.</summary>
    /// <param name="remote">The remote name, or <see langword="null"/> for a local ref.</param>
    /// <param name="refName">The ref name.</param>
    /// <exception cref="InvalidRemoteNameException">The remote name is invalid.</exception>
    /// <exception cref="InvalidRefNameException">The ref name is invalid.</exception>
    public RefSpec(string? remote, string refName)
    {
        if (remote is not null)
        {
            NameValidation.ValidateRemoteName(remote, nameof(remote));
        }

        NameValidation.ValidateRefName(refName, nameof(refName));
        Remote = remote;
        Ref = refName;
    }

    /// <summary>The remote name, or <see langword="null"/> for a local ref.</summary>
    public string? Remote { get; }

    /// <summary>The ref name.</summary>
    public string Ref { get; }

    /// <summary>Whether this is an unqualified 64-hex-digit string, i.e. a commit checksum rather than a ref.</summary>
    public bool IsChecksum => Remote is null && NameValidation.IsChecksum(Ref);

    /// <summary>Parses <c>[REMOTE:]REF</c>.</summary>
    /// <param name="refspec">The text.</param>
    /// <returns>The refspec.</returns>
    /// <exception cref="InvalidRefNameException"><c>Invalid refspec TEXT</c>.</exception>
    public static RefSpec Parse(string refspec)
    {
        ArgumentNullException.ThrowIfNull(refspec);
        return TryParse(refspec, out RefSpec? result)
            ? result
            : throw new InvalidRefNameException($"Invalid refspec {refspec}", refspec, nameof(refspec));
    }

    /// <summary>Parses <c>[REMOTE:]REF</c> without throwing.</summary>
    /// <param name="refspec">The text.</param>
    /// <param name="result">The refspec when valid.</param>
    /// <returns>Whether the text is a valid refspec.</returns>
    public static bool TryParse(string? refspec, [NotNullWhen(true)] out RefSpec? result)
    {
        result = null;
        if (refspec is null || !NameValidation.IsValidRefSpec(refspec))
        {
            return false;
        }

        int colon = refspec.IndexOf(':', StringComparison.Ordinal);
        result = colon < 0 ? new RefSpec(null, refspec) : new RefSpec(refspec[..colon], refspec[(colon + 1)..]);
        return true;
    }

    /// <summary>The refspec text, <c>REMOTE:REF</c> or <c>REF</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Remote is null ? Ref : Remote + ":" + Ref;

    /// <inheritdoc/>
    public bool Equals(RefSpec? other)
        => other is not null && string.Equals(Remote, other.Remote, StringComparison.Ordinal)
        && string.Equals(Ref, other.Ref, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as RefSpec);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Remote is null ? 0 : StringComparer.Ordinal.GetHashCode(Remote), StringComparer.Ordinal.GetHashCode(Ref));
}
