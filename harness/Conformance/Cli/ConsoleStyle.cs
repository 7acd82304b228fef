using Spectre.Console;

namespace Conformance.Cli;

/// <summary>How much a verb says on the console: -q only what failed and the headline, -v each finding too.</summary>
public enum Verbosity { Quiet, Normal, Verbose }

/// <summary>
/// How the harness talks on the console. On a terminal: Spectre.Console with colour (never
/// with NO_COLOR), tables with box lines, live progress. Anywhere else (a pipe, a CI log):
/// plain ASCII, no escape codes, and no line wrapped at any width, so every line can be
/// grepped whole. With <c>--json</c> or <c>--ktap</c> standard output carries that document
/// only, and everything said for people goes to standard error.
/// </summary>
public static class ConsoleStyle
{
    public static Verbosity Verbosity { get; private set; } = Verbosity.Normal;

    /// <summary>Whether standard output is a terminal a person is watching (and CI is not set).</summary>
    public static bool Interactive { get; private set; }

    /// <summary>Sets the console up once per verb, before it says anything.</summary>
    public static void Configure(Verbosity verbosity, bool stdoutIsADocument)
    {
        Verbosity = verbosity;
        Interactive = !stdoutIsADocument && !Console.IsOutputRedirected && !Console.IsErrorRedirected
                      && Environment.GetEnvironmentVariable("CI") is not ("true" or "1");
        bool colour = Interactive && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        if (Interactive && colour)
            return;                                                 // Spectre's own detection of the terminal
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = Interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(stdoutIsADocument ? Console.Error : Console.Out),
        });
        if (!Interactive)
            console.Profile.Width = NoWrap;
        AnsiConsole.Console = console;
    }

    // Wider than any line the harness writes: Spectre wraps at the profile's width.
    private const int NoWrap = 1 << 16;

    /// <summary>A table as this console draws them: box lines on a terminal, ASCII elsewhere.</summary>
    public static Table Table(params string[] columns)
    {
        var table = new Table().AddColumns(columns);
        if (!Interactive)
            table.Border(TableBorder.Ascii);
        return table;
    }

    /// <summary>A line for people on standard error, unless -q.</summary>
    public static void Say(string line)
    {
        if (Verbosity != Verbosity.Quiet)
            Console.Error.WriteLine(line);
    }
}
