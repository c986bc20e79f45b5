using System.Globalization;
using System.Text;

namespace OstreeSharp.Repository;

/// <summary>
/// OSTree's name grammars (spec §5.1, §5.2), checked exactly like libostree 2022.7:
/// <list type="bullet">
/// <item>ref names: <c>/</c>-separated fragments, each <c>[\w\d][-._\w\d]*</c> where <c>\w</c> is a Unicode letter,
/// a Unicode number or <c>_</c> (combining marks are not word characters);</item>
/// <item>remote names: a single fragment;</item>
/// <item>refspecs: <c>[REMOTE:]REF</c>;</item>
/// <item>collection IDs: D-Bus interface names: at least two <c>.</c>-separated ASCII elements
/// <c>[A-Za-z_][A-Za-z0-9_]*</c>, at most 255 characters.</item>
/// </list>
/// </summary>
public static class NameValidation
{
    /// <summary>Maximum length of a collection ID.</summary>
    public const int MaxCollectionIdLength = 255;

    /// <summary>Whether <paramref name="name"/> is a valid ref name (e.g. <c>exampleos/x86_64/stable</c>).</summary>
    /// <param name="name">The candidate.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidRefName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (Range r in name.Split('/'))
        {
            if (!IsValidFragment(name[r]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="name"/> is a valid remote name (a single ref fragment).</summary>
    /// <param name="name">The candidate.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidRemoteName(ReadOnlySpan<char> name) => IsValidFragment(name);

    /// <summary>Whether <paramref name="refspec"/> is a valid <c>[REMOTE:]REF</c>.</summary>
    /// <param name="refspec">The candidate.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidRefSpec(ReadOnlySpan<char> refspec)
    {
        int colon = refspec.IndexOf(':');
        return colon < 0
            ? IsValidRefName(refspec)
            : IsValidRemoteName(refspec[..colon]) && IsValidRefName(refspec[(colon + 1)..]);
    }

    /// <summary>Whether <paramref name="collectionId"/> is a valid collection ID (e.g. <c>org.example.Os</c>).</summary>
    /// <param name="collectionId">The candidate.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidCollectionId(ReadOnlySpan<char> collectionId)
    {
        if (collectionId.IsEmpty || collectionId.Length > MaxCollectionIdLength)
        {
            return false;
        }

        int elements = 0;
        foreach (Range r in collectionId.Split('.'))
        {
            ReadOnlySpan<char> element = collectionId[r];
            if (element.IsEmpty || char.IsAsciiDigit(element[0]))
            {
                return false;
            }

            foreach (char c in element)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '_')
                {
                    return false;
                }
            }

            elements++;
        }

        return elements >= 2;
    }

    /// <summary>Whether <paramref name="text"/> is a full commit checksum: 64 lowercase hexadecimal digits.</summary>
    /// <param name="text">The candidate.</param>
    /// <returns><see langword="true"/> for a checksum, which libostree resolves without looking up refs.</returns>
    public static bool IsChecksum(ReadOnlySpan<char> text)
    {
        if (text.Length != 64)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws unless <paramref name="name"/> is a valid ref name.</summary>
    /// <param name="name">The candidate.</param>
    /// <param name="paramName">Parameter name for the exception.</param>
    /// <exception cref="InvalidRefNameException"><c>Invalid ref name NAME</c>.</exception>
    public static void ValidateRefName(string name, string? paramName = null)
    {
        ArgumentNullException.ThrowIfNull(name, paramName ?? nameof(name));
        if (!IsValidRefName(name))
        {
            throw new InvalidRefNameException($"Invalid ref name {name}", name, paramName);
        }
    }

    /// <summary>Throws unless <paramref name="name"/> is a valid remote name.</summary>
    /// <param name="name">The candidate.</param>
    /// <param name="paramName">Parameter name for the exception.</param>
    /// <exception cref="InvalidRemoteNameException"><c>Invalid remote name NAME</c>.</exception>
    public static void ValidateRemoteName(string name, string? paramName = null)
    {
        ArgumentNullException.ThrowIfNull(name, paramName ?? nameof(name));
        if (!IsValidRemoteName(name))
        {
            throw new InvalidRemoteNameException($"Invalid remote name {name}", name, paramName);
        }
    }

    /// <summary>Throws unless <paramref name="collectionId"/> is a valid collection ID.</summary>
    /// <param name="collectionId">The candidate.</param>
    /// <param name="paramName">Parameter name for the exception.</param>
    /// <exception cref="InvalidCollectionIdException"><c>Invalid collection ID ID</c>.</exception>
    public static void ValidateCollectionId(string collectionId, string? paramName = null)
    {
        ArgumentNullException.ThrowIfNull(collectionId, paramName ?? nameof(collectionId));
        if (!IsValidCollectionId(collectionId))
        {
            throw new InvalidCollectionIdException($"Invalid collection ID {collectionId}", collectionId, paramName);
        }
    }

    private static bool IsValidFragment(ReadOnlySpan<char> fragment)
    {
        if (fragment.IsEmpty)
        {
            return false;
        }

        bool first = true;
        while (!fragment.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(fragment, out Rune rune, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            bool ok = IsWordRune(rune) || (!first && rune.Value is '-' or '.');
            if (!ok)
            {
                return false;
            }

            first = false;
            fragment = fragment[consumed..];
        }

        return true;
    }

    /// <summary>PCRE's Unicode <c>\w</c>: letters, numbers and underscore.</summary>
    private static bool IsWordRune(Rune rune)
    {
        if (rune.IsAscii)
        {
            return char.IsAsciiLetterOrDigit((char)rune.Value) || rune.Value == '_';
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;
    }
}
