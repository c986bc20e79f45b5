using OstreeSharp.Objects;

namespace OstreeSharp.Verification;

/// <summary>One problem found by a repository check.</summary>
/// <param name="Object">The bad or missing object, when the problem is about one.</param>
/// <param name="Commits">Commits whose trees contain the object.</param>
/// <param name="Message">What is wrong, worded as <c>ostree fsck</c> words it.</param>
public sealed record FsckError(ObjectName? Object, IReadOnlyList<Checksum> Commits, string Message);
