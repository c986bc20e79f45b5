namespace OstreeSharp.Repository;

/// <summary>Validation of remote names: a single ref-name fragment.</summary>
public static class RemoteName
{
    /// <summary>True if <paramref name="name"/> is a valid remote name.</summary>
    public static bool IsValid(string? name) => !string.IsNullOrEmpty(name) && RefName.IsValidFragment(name);

    /// <summary>Throws <see cref="InvalidRefNameException"/> unless <paramref name="name"/> is valid.</summary>
    public static string Validate(string name) =>
        IsValid(name) ? name : throw new InvalidRefNameException($"Invalid remote name {name}");
}
