using System.Globalization;

namespace OstreeSharp.Maintenance;

/// <summary>
/// Parses the free-form dates <c>ostree prune --keep-younger-than</c> accepts (the same grammar as GNU
/// <c>date -d</c>), for the common forms: <c>@SECONDS</c>; ISO 8601 dates <c>YYYY-MM-DD</c> with an optional
/// <c>T</c>/space and <c>HH:MM[:SS[.frac]]</c>; <c>MM/DD[/YYYY]</c>; month names (<c>Sep 16 2020</c>,
/// <c>16 September 2020</c>, <c>16-Sep-2020</c>); time zones <c>Z</c>, <c>UTC</c>, <c>GMT</c>, <c>±HH[:MM]</c>;
/// relative items (<c>N unit</c>, <c>last/next/this unit</c>, <c>ago</c>, <c>yesterday</c>, <c>today</c>,
/// <c>now</c>, <c>tomorrow</c>) with units year, month, fortnight, week, day, hour, minute/min, second/sec.
/// A date without a time means midnight; the empty string is midnight today; local times use the given zone.
/// </summary>
public static class DateExpression
{
    private static readonly string[] MonthNames =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    /// <summary>Parses <paramref name="text"/> relative to <paramref name="now"/> in <paramref name="zone"/>.</summary>
    /// <exception cref="FormatException">The text is not a date this parser understands.</exception>
    public static DateTimeOffset Parse(string text, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (!TryParse(text, now, zone, out var result))
            throw new FormatException($"Could not parse '{text}'");
        return result;
    }

    /// <summary>Tries to parse <paramref name="text"/> relative to <paramref name="now"/> in <paramref name="zone"/>.</summary>
    public static bool TryParse(string text, DateTimeOffset now, TimeZoneInfo zone, out DateTimeOffset result)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(zone);
        result = default;
        try
        {
            return new Parser(text.Trim(), now, zone).Run(out result);
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

    private sealed class Parser(string text, DateTimeOffset now, TimeZoneInfo zone)
    {
        private readonly List<string> _tokens = Tokenize(text);
        private int _pos;
        private int? _year, _month, _day;
        private int? _hour, _minute;
        private double _second;
        private TimeSpan? _offset;
        private long _relYears, _relMonths, _relDays, _relSeconds;
        private bool _relative;

        private static List<string> Tokenize(string s)
        {
            var tokens = new List<string>();
            int i = 0;
            while (i < s.Length)
            {
                char c = s[i];
                if (char.IsWhiteSpace(c) || c == ',')
                {
                    i++;
                }
                else if (char.IsAsciiDigit(c))
                {
                    int start = i;
                    // "2020-09-16T12:00:00-05:00": a zone offset after a time starts its own token, as does a zone letter.
                    while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] is ':' or '/' or '.'
                        || (s[i] == '-' && !HasTime(s, start, i))
                        || (s[i] is 'T' or 't' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1]) && s[start..i].Contains('-', StringComparison.Ordinal))))
                        i++;
                    tokens.Add(s[start..i]);
                }
                else if (char.IsAsciiLetter(c))
                {
                    int start = i;
                    while (i < s.Length && (char.IsAsciiLetter(s[i]) || s[i] == '.'))
                        i++;
                    tokens.Add(s[start..i].TrimEnd('.').ToLowerInvariant());
                }
                else if (c is '+' or '-' or '@')
                {
                    int start = i++;
                    while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] is ':' or '.'))
                        i++;
                    tokens.Add(s[start..i]);
                }
                else
                {
                    tokens.Add(c.ToString());
                    i++;
                }
            }
            return tokens;
        }

        private static bool HasTime(string s, int start, int end)
        {
            int t = s.IndexOfAny(['T', 't'], start, end - start);
            return s.IndexOf(':', t < 0 ? start : t, end - (t < 0 ? start : t)) >= 0;
        }

        public bool Run(out DateTimeOffset result)
        {
            result = default;
            if (_tokens.Count == 1 && _tokens[0].StartsWith('@'))
            {
                if (!double.TryParse(_tokens[0].AsSpan(1), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double epoch))
                    return false;
                result = DateTimeOffset.UnixEpoch.AddSeconds(epoch);
                return true;
            }
            while (_pos < _tokens.Count)
            {
                if (!Item())
                    return false;
            }
            DateTime local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
            bool absoluteDate = _year is not null || _month is not null;
            int year = _year ?? local.Year, month = _month ?? local.Month, day = _day ?? local.Day;
            if (year < 100 && _year is not null)
                year += year < 69 ? 2000 : 1900;
            DateTime when;
            if (_hour is not null)
                when = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified).AddHours(_hour.Value).AddMinutes(_minute ?? 0).AddSeconds(_second);
            else if (absoluteDate || !_relative)
                when = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
            else
                when = local;
            if (_tokens.Count == 1 && _tokens[0] == "now")
                when = local;
            when = when.AddYears((int)_relYears).AddMonths((int)_relMonths).AddDays(_relDays).AddSeconds(_relSeconds);
            TimeSpan offset = _offset ?? zone.GetUtcOffset(when);
            result = new DateTimeOffset(when, offset);
            return true;
        }

        private string? Peek(int ahead = 0) => _pos + ahead < _tokens.Count ? _tokens[_pos + ahead] : null;

        private bool Item()
        {
            string t = _tokens[_pos];
            if (t is "z" or "utc" or "gmt" or "ut")
            {
                _pos++;
                _offset = TimeSpan.Zero;
                if (Peek() is { } n && (n.StartsWith('+') || n.StartsWith('-')) && n.Length > 1 && _hour is not null)
                    return ZoneOffset();
                return true;
            }
            if ((t.StartsWith('+') || t.StartsWith('-')) && t.Length > 1)
            {
                if (_hour is not null && _offset is null && (t.Contains(':', StringComparison.Ordinal) || Peek(1) is null || !IsUnit(Peek(1)!)))
                    return ZoneOffset();
                return Relative(long.Parse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
            }
            switch (t)
            {
                case "now":
                case "today":
                    _pos++;
                    _relative = true;
                    return true;
                case "yesterday":
                    _pos++;
                    _relative = true;
                    _relDays -= 1;
                    return true;
                case "tomorrow":
                    _pos++;
                    _relative = true;
                    _relDays += 1;
                    return true;
                case "ago":
                    return false;
                case "last":
                case "next":
                case "this":
                    _pos++;
                    return Relative(t == "last" ? -1 : t == "next" ? 1 : 0);
                case "t":
                    _pos++;
                    return true;
            }
            if (MonthIndex(t) is int m)
            {
                _pos++;
                _month = m;
                if (Peek() is { } d && IsInteger(d))
                {
                    _day = int.Parse(d, CultureInfo.InvariantCulture);
                    _pos++;
                    if (Peek() is { } y && IsInteger(y) && y.Length >= 3)
                    {
                        _year = int.Parse(y, CultureInfo.InvariantCulture);
                        _pos++;
                    }
                }
                return true;
            }
            if (char.IsAsciiDigit(t[0]))
                return Number(t);
            if (IsUnit(t))
                return Relative(1);
            return false;
        }

        private bool ZoneOffset()
        {
            string t = _tokens[_pos++];
            int sign = t[0] == '-' ? -1 : 1;
            string digits = t[1..].Replace(":", "", StringComparison.Ordinal);
            if (!IsInteger(digits) || digits.Length is not (1 or 2 or 4))
                return false;
            int hours = digits.Length <= 2 ? int.Parse(digits, CultureInfo.InvariantCulture) : int.Parse(digits[..2], CultureInfo.InvariantCulture);
            int minutes = digits.Length == 4 ? int.Parse(digits[2..], CultureInfo.InvariantCulture) : 0;
            if (hours > 24 || minutes > 59)
                return false;
            _offset = TimeSpan.FromMinutes(sign * ((hours * 60) + minutes));
            return true;
        }

        private bool Number(string t)
        {
            _pos++;
            int tIndex = t.IndexOfAny(['T', 't']);
            if (tIndex > 0)
                return Date(t[..tIndex]) && Time(t[(tIndex + 1)..]);
            if (t.Contains(':', StringComparison.Ordinal))
                return Time(t);
            if (t.Contains('-', StringComparison.Ordinal) || t.Contains('/', StringComparison.Ordinal))
                return Date(t);
            if (!IsInteger(t))
                return false;
            // "16 Sep 2020", "N unit [ago]", or a bare year after a month/day.
            if (Peek() is { } next && MonthIndex(next) is int m)
            {
                _day = int.Parse(t, CultureInfo.InvariantCulture);
                _month = m;
                _pos++;
                if (Peek() is { } y && IsInteger(y))
                {
                    _year = int.Parse(y, CultureInfo.InvariantCulture);
                    _pos++;
                }
                return true;
            }
            if (Peek() is { } unit && IsUnit(unit))
                return Relative(long.Parse(t, CultureInfo.InvariantCulture));
            if (_month is not null && _year is null && t.Length >= 3)
            {
                _year = int.Parse(t, CultureInfo.InvariantCulture);
                return true;
            }
            if (t.Length == 4 && _year is not null && _hour is null)
            {
                // "2020-09-16 1230": HHMM
                _hour = int.Parse(t[..2], CultureInfo.InvariantCulture);
                _minute = int.Parse(t[2..], CultureInfo.InvariantCulture);
                return _hour < 24 && _minute < 60;
            }
            return false;
        }

        private bool Date(string t)
        {
            if (_year is not null || _month is not null)
                return false;
            if (t.Contains('/', StringComparison.Ordinal))
            {
                var p = t.Split('/');
                if (p.Length is < 2 or > 3 || !p.All(IsInteger))
                    return false;
                _month = int.Parse(p[0], CultureInfo.InvariantCulture);
                _day = int.Parse(p[1], CultureInfo.InvariantCulture);
                if (p.Length == 3)
                    _year = int.Parse(p[2], CultureInfo.InvariantCulture);
                return Valid();
            }
            var parts = t.Split('-');
            if (parts.Length == 3 && IsInteger(parts[0]) && IsInteger(parts[2]))
            {
                if (IsInteger(parts[1]))
                {
                    _year = int.Parse(parts[0], CultureInfo.InvariantCulture);
                    _month = int.Parse(parts[1], CultureInfo.InvariantCulture);
                    _day = int.Parse(parts[2], CultureInfo.InvariantCulture);
                    return Valid();
                }
            }
            return false;
        }

        private bool Valid()
        {
            if (_month is < 1 or > 12 || _day is < 1 or > 31)
                return false;
            if (_year is { } y && _month is { } m && _day is { } d)
                return d <= DateTime.DaysInMonth(y < 100 ? y + (y < 69 ? 2000 : 1900) : y, m);
            return true;
        }

        private bool Time(string t)
        {
            if (_hour is not null)
                return false;
            var p = t.Split(':');
            if (p.Length is < 2 or > 3 || !IsInteger(p[0]) || !IsInteger(p[1]))
                return false;
            _hour = int.Parse(p[0], CultureInfo.InvariantCulture);
            _minute = int.Parse(p[1], CultureInfo.InvariantCulture);
            if (p.Length == 3 && !double.TryParse(p[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _second))
                return false;
            if (_hour > 24 || _minute > 59 || _second >= 61)
                return false;
            // am/pm
            if (Peek() is "am" or "a.m" or "pm" or "p.m")
            {
                bool pm = Peek()!.StartsWith('p');
                _pos++;
                if (_hour is 0 or > 12)
                    return false;
                _hour = (_hour % 12) + (pm ? 12 : 0);
            }
            return true;
        }

        private bool Relative(long count)
        {
            _relative = true;
            if (Peek() is not { } unit || !IsUnit(unit))
                return false;
            _pos++;
            if (Peek() == "ago")
            {
                count = -count;
                _pos++;
            }
            switch (unit.TrimEnd('s'))
            {
                case "year": _relYears += count; break;
                case "month": _relMonths += count; break;
                case "fortnight": _relDays += 14 * count; break;
                case "week": _relDays += 7 * count; break;
                case "day": _relDays += count; break;
                case "hour": _relSeconds += 3600 * count; break;
                case "minute" or "min": _relSeconds += 60 * count; break;
                case "second" or "sec": _relSeconds += count; break;
                default: return false;
            }
            return true;
        }

        private static bool IsUnit(string t) => t.TrimEnd('s') is "year" or "month" or "fortnight" or "week" or "day" or "hour"
            or "minute" or "min" or "second" or "sec";

        private static bool IsInteger(string t) => t.Length > 0 && t.All(char.IsAsciiDigit);

        private static int? MonthIndex(string t)
        {
            if (t.Length < 3)
                return null;
            for (int i = 0; i < MonthNames.Length; i++)
            {
                if (MonthNames[i] == t || (t.Length == 3 && MonthNames[i].StartsWith(t, StringComparison.Ordinal)) || (t == "sept" && i == 8))
                    return i + 1;
            }
            return null;
        }
    }
}
