using System.Globalization;

namespace Conformance.Observation;

/// <summary>Return codes as vectors and reports write them: <c>0</c>, <c>-EINVAL</c>, <c>not-run</c>, or a plain integer.</summary>
public static class RcText
{
    public const string NotRun = "not-run";

    public static string Format(int rc, RcKind kind)
    {
        if (kind == RcKind.Value)
            return rc.ToString(CultureInfo.InvariantCulture);
        if (rc == StepRc.NotRun)
            return NotRun;
        if (rc < 0 && Errno.NameOf(-rc) is { } name)
            return "-" + name;
        return rc.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Parses <c>0</c>, <c>-ENAME</c>, <c>not-run</c> or a (possibly negative) integer.
    /// Throws <see cref="TextFormatException"/>.
    /// </summary>
    public static int Parse(string text)
    {
        if (text == NotRun)
            return StepRc.NotRun;
        if (text.StartsWith("-E", StringComparison.Ordinal))
        {
            if (Errno.TryParse(text[1..], out int value))
                return -value;
            throw new TextFormatException(1, "a kernel errno name such as EINVAL or ENOMEM");
        }
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number))
            return number;
        throw new TextFormatException(0, "0, an errno by name (-EINVAL), not-run, or an integer");
    }
}
