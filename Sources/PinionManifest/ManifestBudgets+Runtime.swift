// PinionManifest: a manifest's [budgets] as the runtime's Budgets (defaults where unset),
// so `pinion run` and `pinion daemon` give a module the same limits.
import PinionRuntime

extension ManifestBudgets {
    /// The runtime budgets these set; `Budgets()`'s defaults for what they leave out.
    public var runtimeBudgets: Budgets {
        var budgets = Budgets(fuel: fuel)
        if let memoryBytes { budgets.memoryBytes = memoryBytes }
        if let stackSlots { budgets.valueStackSlots = stackSlots }
        return budgets
    }
}
