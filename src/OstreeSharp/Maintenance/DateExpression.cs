using System.Globalization;

namespace OstreeSharp.Maintenance;

/// <summary>
/// Parses the free-form dates that <c>ostree commit --timestamp</c> and <c>ostree prune --keep-younger-than</c>
/// accept: the grammar of GNU <c>date -d</c>, as observed black-box with ostree 2022.7 and coreutils.
/// </summary>
/// <remarks>
/// Supported items, case-insensitive, in any order and combination:
/// <list type="bullet">
/// <item><c>@SECONDS[.frac]</c> (alone);</item>
/// <item>dates: <c>YYYY-MM-DD</c>, <c>YY-MM-DD</c>, <c>YYYYMMDD</c>, <c>MM/DD[/YY[YY]]</c>, <c>YYYY/MM/DD</c>,
/// <c>D Month [YYYY]</c>, <c>Month D[,] [YYYY]</c>, <c>D-Mon[-YYYY]</c>, <c>Mon-D-YYYY</c> (month names full or
/// three letters, <c>sept</c>); two-digit years 69–99 are 19xx, 00–68 are 20xx;</item>
/// <item>times: <c>HH:MM[:SS[.frac|,frac]]</c>, optionally joined to a date by <c>T</c>; <c>HHMM</c> after a date or
/// alone; <c>H am</c>/<c>H:MM pm</c> (also <c>a.m.</c>/<c>p.m.</c>); a signed number right after a time is its UTC
/// offset (<c>+05</c>, <c>+0530</c>, <c>+05:30</c>, <c>-3</c>);</item>
/// <item>zones: <c>Z</c>, <c>UTC</c>, <c>UT</c>, <c>GMT</c> (optionally followed by an offset, <c>UTC+2</c>) and common
/// abbreviations (<c>EST</c>, <c>CEST</c>, <c>JST</c>…);</item>
/// <item>day names (<c>tue</c>, <c>Tuesday,</c>) with an optional ordinal (<c>last</c>, <c>this</c>, <c>next</c>,
/// <c>first</c>, <c>third</c>…<c>twelfth</c>, or a number);</item>
/// <item>relative items: <c>[N|ordinal] unit [ago]</c> with units year, month, fortnight, week, day, hour,
/// minute/min, second/sec (singular or plural), <c>now</c>, <c>today</c>, <c>yesterday</c>, <c>tomorrow</c>.</item>
/// </list>
/// A date or day name without a time means midnight; the empty string and a lone zone mean midnight today; only
/// relative items keep the current time of day. Years, months and days move the local calendar date (an overflowing
/// day rolls into the next month: Jan 31 + 1 month is Mar 2); hours, minutes and seconds move the instant. Local
/// times use the given zone: a time skipped by a daylight-saving change is rejected, a repeated one takes the
/// daylight-saving offset, and a time of day taken from now keeps now's offset. A day name is ignored when a calendar
/// date is given; a number after <c>MM/DD</c> or <c>Month D</c> is the year unless it has at most two digits and no time is
/// known yet, or a relative item came before. Military one-letter zones other than <c>Z</c>, <c>noon</c>/<c>midnight</c>
/// (which GNU date rejects too) and <c>TZ="..."</c> prefixes are not supported.
/// </remarks>
public static class DateExpression
{
    /// <summary>Parses <paramref name="text"/> relative to <paramref name="now"/> in <paramref name="zone"/>.</summary>
    /// <exception cref="FormatException">The text is not a date this parser understands (message <c>Could not parse 'TEXT'</c>).</exception>
    public static DateTimeOffset Parse(string text, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (!TryParse(text, now, zone, out var result))
            throw new FormatException($"Could not parse '{text}'");
        return result;
    }

    /// <summary>Tries to parse <paramref name="text"/> relative to <paramref name="now"/> in <paramref name="zone"/>.</summary>
    /// <returns>False when the text is not a valid date (or lies outside the range of <see cref="DateTimeOffset"/>).</returns>
    public static bool TryParse(string text, DateTimeOffset now, TimeZoneInfo zone, out DateTimeOffset result)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(zone);
        result = default;
        try
        {
            var tokens = DateToken.Tokenize(text);
            return tokens is not null && new DateExpressionParser(tokens, now, zone).Run(out result);
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}
