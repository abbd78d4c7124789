// PinionRuntime: embedders import PinionRuntime alone and get the module types
// (FunctionType, ValueType, ...) and loading (ValidatedModule) with it.
@_exported import PinionBinary
@_exported import PinionValidation
