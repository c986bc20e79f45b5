namespace OstreeSharp.Repository;

/// <summary>Validation of ref names (spec §5.2): <c>/</c>-separated fragments, each <c>[\w\d][-._\w\d]*</c>.</summary>
public static class RefName
{
    /// <summary>True if <paramref name="name"/> is a valid ref name.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name))
            return false;
        foreach (var fragment in name.Split('/'))
        {
            if (!IsValidFragment(fragment))
                return false;
        }
        return true;
    }

    internal static bool IsValidFragment(string fragment)
    {
        if (fragment.Length == 0 || !IsWord(fragment[0]))
            return false;
        foreach (char c in fragment)
        {
            if (!(IsWord(c) || c is '-' or '.'))
                return false;
        }
        return true;
    }

    private static bool IsWord(char c) => char.IsLetterOrDigit(c) || c == '_' || char.IsSurrogate(c);

    /// <summary>Throws <see cref="InvalidRefNameException"/> unless <paramref name="name"/> is valid.</summary>
    public static string Validate(string name) =>
        IsValid(name) ? name : throw new InvalidRefNameException($"Invalid refspec {name}");
}
