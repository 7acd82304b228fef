using System.Runtime.InteropServices;

namespace Conformance.Cli;

/// <summary>
/// Ctrl-C (or SIGTERM) during a long verb that adds up its work as it goes (explore, mutate): the
/// first asks it to take no new work, finish what is in flight and write what it has, since minutes
/// of generated scenarios or judged mutants are the user's; a second ends the process at once, as
/// it would have without this. The patch's workers run in sessions of their own (bubblewrap's
/// --new-session), so the terminal's signal does not reach them: what they were doing ends normally.
/// </summary>
public sealed class Interruption : IDisposable
{
    /// <summary>The shell's exit status for a command ended by SIGINT: what an interrupted verb returns once it has written its reports.</summary>
    public const int ExitCode = 130;

    private readonly string _verb;
    private readonly PosixSignalRegistration[] _registrations;
    private int _signals;

    public Interruption(string verb)
    {
        _verb = verb;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    /// <summary>Whether a signal asked the verb to stop taking work.</summary>
    public bool Requested => Volatile.Read(ref _signals) > 0;

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _signals) > 1)
            return;                                                 // the second: the default, the process ends
        context.Cancel = true;
        Console.Error.WriteLine($"conformance {_verb}: interrupted: finishing what is in flight and writing what was found (interrupt again to stop at once)");
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
    }
}
