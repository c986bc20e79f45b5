namespace OstreeSharp.Objects;

/// <summary>An entry of a commit's (always empty in practice) "related objects" list.</summary>
/// <param name="Name">The related name.</param>
/// <param name="Checksum">The related commit.</param>
public readonly record struct RelatedCommit(string Name, Checksum Checksum);
