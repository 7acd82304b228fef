using Conformance.Fuzz;
using SharpFuzz;

// afl-fuzz starts this with the target's name; SharpFuzz feeds it one input after another.
// `--seeds TARGET DIR` writes the starting corpus instead (see Seeds.cs).
if (args.Length == 3 && args[0] == "--seeds" && FuzzTargets.All.ContainsKey(args[1]))
{
    Seeds.Write(args[1], args[2]);
    return 0;
}
if (args.Length != 1 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: conformance-fuzz TARGET | --seeds TARGET DIR   (TARGET: {string.Join(", ", FuzzTargets.All.Keys)})");
    return 2;
}
Fuzzer.OutOfProcess.Run(stream =>
{
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    target(copy.ToArray());
});
return 0;
