using OstreeSharp.Cli.Errors;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Cli.Handlers;

/// <summary>Rev resolution with ostree's CLI error wording.</summary>
internal static class RevResolver
{
    public static Checksum Resolve(OstreeRepo repo, string rev)
    {
        string baseRev = rev.TrimEnd('^');
        if (baseRev.Length == 0 || !IsPlausible(baseRev))
            throw new CliException($"Invalid refspec {rev}");
        return repo.ResolveRev(rev);
    }

    private static bool IsPlausible(string rev) => NameValidation.IsValidRefSpec(rev) || Checksum.IsValidLowerHex(rev);
}
