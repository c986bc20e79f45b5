namespace OstreeSharp.Repository;

/// <summary>
/// A globally unique ref: a collection ID plus a ref name (libostree's <c>OstreeCollectionRef</c>).
/// A <see langword="null"/> <see cref="CollectionId"/> means the repository's own, unset collection.
/// Stored under <c>refs/mirrors/COLLECTION-ID/REF</c> for mirrored refs (spec §5.2).
/// </summary>
public readonly record struct CollectionRef
{
    /// <summary>Creates a collection ref from validated parts.</summary>
    /// <param name="collectionId">The collection ID, or <see langword="null"/>.</param>
    /// <param name="refName">The ref name.</param>
    /// <exception cref="InvalidCollectionIdException">The collection ID is invalid.</exception>
    /// <exception cref="InvalidRefNameException">The ref name is invalid.</exception>
    public CollectionRef(string? collectionId, string refName)
    {
        if (collectionId is not null)
        {
            NameValidation.ValidateCollectionId(collectionId, nameof(collectionId));
        }

        NameValidation.ValidateRefName(refName, nameof(refName));
        CollectionId = collectionId;
        RefName = refName;
    }

    /// <summary>The collection ID, or <see langword="null"/>.</summary>
    public string? CollectionId { get; }

    /// <summary>The ref name.</summary>
    public string RefName { get; }

    /// <summary>Parses <c>COLLECTION-ID:REF</c> as <c>ostree refs --collections</c> accepts it.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The collection ref.</returns>
    /// <exception cref="InvalidRefNameException">No <c>:</c> separator or an invalid ref name.</exception>
    /// <exception cref="InvalidCollectionIdException">The collection ID is invalid.</exception>
    public static CollectionRef Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw new InvalidRefNameException($"Invalid refspec {text}", text, nameof(text));
        }

        return new CollectionRef(text[..colon], text[(colon + 1)..]);
    }

    /// <summary><c>(COLLECTION-ID, REF)</c> like libostree prints collection refs.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"({CollectionId ?? "(null)"}, {RefName})";
}
