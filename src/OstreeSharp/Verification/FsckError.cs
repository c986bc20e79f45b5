using OstreeSharp.Objects;

namespace OstreeSharp.Verification;

/// <summary>One problem found by a repository check.</summary>
/// <param name="Object">The bad or missing object, when the problem is about one.</param>
/// <param name="Commits">Commits whose trees contain the object.</param>
/// <param name="Message">What is wrong, worded as <c>ostree fsck</c> words it.</param>
/// <param name="MarkedPartial">Commits this problem caused to be marked partial (a missing content object marks the
/// commits that need it, as <c>ostree fsck</c> does); null or empty when none.</param>
public sealed record FsckError(ObjectName? Object, IReadOnlyList<Checksum> Commits, string Message, IReadOnlyList<Checksum>? MarkedPartial = null)
{
    /// <summary>True for an object that is absent rather than corrupt; fsck keeps going after those.</summary>
    public bool IsMissingObject { get; init; }
}
