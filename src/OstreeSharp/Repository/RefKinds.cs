namespace OstreeSharp.Repository;

/// <summary>Which ref namespaces to list.</summary>
[Flags]
public enum RefKinds
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary><c>refs/heads</c>.</summary>
    Local = 1,

    /// <summary><c>refs/remotes</c>.</summary>
    Remote = 2,
}
