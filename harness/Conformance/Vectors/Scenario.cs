using Conformance.Observation;

namespace Conformance.Vectors;

/// <summary>A scenario: contiguous rows of one name in one file, as typed steps.</summary>
public sealed record Scenario(string Name, string File, int Line, StepList Steps);

/// <summary>
/// One step: the op, its typed arguments and the row it came from. A row of
/// <c>online cpus=0-3</c> is four steps with the same line and the same <see cref="Expect"/>;
/// rc is checked after each, the rest after the row's last.
/// </summary>
public readonly record struct Step(StepOp Op, StepArgs Args, int Line, string ArgsText, RowExpectations Expect, bool FirstOfRow, bool LastOfRow)
{
    public RcKind RcKind => StepOps.ReturnsValue(Op) ? RcKind.Value : RcKind.Status;

    public T ArgsAs<T>() where T : StepArgs => (T)Args;

    /// <summary>
    /// The arguments of this step alone: <c>cpu=N</c> for a step of an online/offline row (its
    /// row's <c>cpus=LIST</c> is every step's), else the row's text. What a step record shows.
    /// </summary>
    public string OwnArgsText => Args is CpuArgs cpu ? cpu.Text : ArgsText;

    public override string ToString() => ArgsText.Length == 0 ? StepOps.NameOf(Op) : $"{StepOps.NameOf(Op)} {ArgsText}";
}

/// <summary>
/// One key of expect_counters: a total, a WARN site's hits (<see cref="WarnFunction"/>), or a field
/// (<see cref="Key"/>'s last part) of task <see cref="Index"/>'s MPAM0_EL1 value, or of CPU
/// <see cref="Index"/>'s default or register (<see cref="Register"/>).
/// </summary>
public sealed record CounterExpectation(string Key, long Value, string? WarnFunction = null, string? WarnCondition = null,
    RegisterKind Register = RegisterKind.None, int Index = -1);

/// <summary>Which MPAM0_EL1 value an expect_counters key names a field of.</summary>
public enum RegisterKind
{
    None,
    Task,
    CpuDefault,
    CpuRegister,
}

/// <summary>What a row expects; null where the cell was empty (not checked).</summary>
public sealed record RowExpectations(
    int? Rc,
    DomainListing? Domains,
    string? DomainsText,
    IReadOnlyList<ExpectedEvent>? Events,
    IReadOnlyList<CounterExpectation>? Counters,
    string Note)
{
    public static RowExpectations None { get; } = new(null, null, null, null, null, "");

    public bool IsEmpty => Rc is null && Domains is null && Events is null && Counters is null;
}
