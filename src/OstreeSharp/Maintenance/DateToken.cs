namespace OstreeSharp.Maintenance;

/// <summary>A lexical token of a <see cref="DateExpression"/>: a digit run, a word (lower-cased, dots removed) or one symbol.</summary>
internal readonly record struct DateToken(DateTokenKind Kind, string Text, bool SpaceBefore)
{
    public bool IsSymbol(char c) => Kind == DateTokenKind.Symbol && Text[0] == c;

    public bool IsWord(string w) => Kind == DateTokenKind.Word && Text == w;

    /// <summary>Splits the text; null when it holds a character outside the grammar.</summary>
    public static List<DateToken>? Tokenize(string s)
    {
        var tokens = new List<DateToken>();
        int i = 0;
        bool space = true;
        while (i < s.Length)
        {
            char c = s[i];
            if (char.IsWhiteSpace(c))
            {
                space = true;
                i++;
                continue;
            }
            int start = i;
            if (char.IsAsciiDigit(c))
            {
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                    i++;
                tokens.Add(new DateToken(DateTokenKind.Number, s[start..i], space));
            }
            else if (char.IsAsciiLetter(c))
            {
                // "a.m.", "p.m.": dots inside a word are dropped.
                while (i < s.Length && (char.IsAsciiLetter(s[i]) || (s[i] == '.' && i + 1 < s.Length && char.IsAsciiLetter(s[i + 1]))))
                    i++;
                if (i < s.Length && s[i] == '.' && s[start..i].Contains('.', StringComparison.Ordinal))
                    i++;
                string word = s[start..i].Replace(".", "", StringComparison.Ordinal).ToLowerInvariant();
                tokens.Add(new DateToken(DateTokenKind.Word, word, space));
            }
            else if (c is ':' or '/' or '-' or '+' or '.' or ',' or '@')
            {
                i++;
                tokens.Add(new DateToken(DateTokenKind.Symbol, c.ToString(), space));
            }
            else
            {
                return null;
            }
            space = false;
        }
        return tokens;
    }
}
