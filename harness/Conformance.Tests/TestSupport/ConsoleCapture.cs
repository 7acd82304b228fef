namespace Conformance.Tests.TestSupport;

/// <summary>Runs the command's entry point in a chosen working directory, capturing what it prints.</summary>
internal static class ConsoleCapture
{
    private static readonly object Gate = new();

    public static (int Exit, string Out, string Error) Run(string workingDirectory, params string[] args)
    {
        lock (Gate)
        {
            var (savedOut, savedError, savedDir) = (Console.Out, Console.Error, Environment.CurrentDirectory);
            var output = new StringWriter();
            var error = new StringWriter();
            Console.SetOut(output);
            Console.SetError(error);
            Environment.CurrentDirectory = workingDirectory;
            try
            {
                return (Cli.Program.Main(args), output.ToString(), error.ToString());
            }
            finally
            {
                Console.SetOut(savedOut);
                Console.SetError(savedError);
                Environment.CurrentDirectory = savedDir;
            }
        }
    }
}
