// PinionTOML: building the table tree under TOML 1.0's definition rules: a table is
// defined once (by a header or by dotted keys, not both), dotted keys extend only tables
// of their own section, headers may create sub-tables of dotted-key tables, inline tables
// and static arrays are closed, `[[x]]` appends to an array of tables.

/// A table while the document is read: mutable, shared by reference between the tree and
/// the parser's current section.
final class TOMLTableNode {
    /// How the table came to exist, which decides what may define or extend it later.
    enum Origin {
        /// Made on the way to a deeper header (`a` for `[a.b]`); a header may still define it.
        case implicit
        /// Defined by `[header]` or as an element of `[[header]]`.
        case header
        /// Made by dotted keys (`a.b = 1` makes `a`) in section `section` (a header's
        /// body, or one inline table); only that section's dotted keys may extend it.
        case dotted(section: Int)
    }

    enum Entry {
        /// A value that no header or dotted key may extend: scalars, static arrays,
        /// inline tables.
        case value(TOMLValue)
        case table(TOMLTableNode)
        case tableArray(TOMLTableArray)
    }

    var origin: Origin
    /// The key in the parent ("" for the root), and the parent: the path is only needed
    /// for messages, so it is not stored per table.
    let name: String
    unowned let parent: TOMLTableNode?
    /// How many tables deep (the root is 0).
    let depth: Int
    var keys: [String] = []
    var entries: [String: Entry] = [:]

    init(origin: Origin, name: String, parent: TOMLTableNode?) {
        self.origin = origin
        self.name = name
        self.parent = parent
        depth = parent.map { $0.depth + 1 } ?? 0
    }

    /// The full key path from the root.
    var path: [String] {
        var names: [String] = []
        var node: TOMLTableNode? = self
        while let n = node, let p = n.parent {
            names.append(n.name)
            node = p
        }
        return names.reversed()
    }

    /// A new table `name` in this one.
    func child(_ name: String, origin: Origin) -> TOMLTableNode {
        TOMLTableNode(origin: origin, name: name, parent: self)
    }

    func insert(_ key: String, _ entry: Entry) {
        keys.append(key)
        entries[key] = entry
    }

    /// The finished table.
    func build() -> TOMLTable {
        var table = TOMLTable()
        for key in keys {
            switch entries[key] {
            case .value(let v)?: table.set(key, v)
            case .table(let t)?: table.set(key, .table(t.build()))
            case .tableArray(let a)?: table.set(key, .array(a.tables.map { .table($0.build()) }))
            case nil: break
            }
        }
        return table
    }
}

/// The elements of an array of tables (`[[x]]`), appended in place.
final class TOMLTableArray {
    var tables: [TOMLTableNode] = []
}

/// Why a definition is refused; the parser places it at the key.
struct TOMLDefinitionError: Error {
    var message: String
    /// The index of the key part the message is about.
    var part: Int
}

enum TOMLTableBuilder {
    /// Resolves `[key]` (`arrayElement` false) or `[[key]]` (true) from the root and
    /// returns the table the header's body goes into.
    static func header(_ key: [String], arrayElement: Bool, in root: TOMLTableNode) throws(TOMLDefinitionError) -> TOMLTableNode {
        var table = root
        for (i, name) in key.dropLast().enumerated() {
            switch table.entries[name] {
            case nil:
                let child = table.child(name, origin: .implicit)
                table.insert(name, .table(child))
                table = child
            case .table(let child)?:
                table = child
            case .tableArray(let array)?:
                guard let last = array.tables.last else { throw TOMLDefinitionError(message: "empty array of tables", part: i) }
                table = last
            case .value(let v)?:
                throw TOMLDefinitionError(message: "`\(TOMLKeyPath.display(key[...i]))` is already \(describe(v)); a header cannot add to it", part: i)
            }
        }
        let last = key.count - 1
        let name = key[last]
        var path: [String] { table.path + [name] }
        switch table.entries[name] {
        case nil:
            let child = table.child(name, origin: .header)
            if arrayElement {
                let array = TOMLTableArray()
                array.tables.append(child)
                table.insert(name, .tableArray(array))
            } else {
                table.insert(name, .table(child))
            }
            return child
        case .table(let existing)?:
            if arrayElement {
                throw TOMLDefinitionError(message: "`\(TOMLKeyPath.display(path))` is already a table; it cannot become an array of tables", part: last)
            }
            switch existing.origin {
            case .implicit:
                existing.origin = .header
                return existing
            case .header:
                throw TOMLDefinitionError(message: "table `\(TOMLKeyPath.display(path))` is defined twice", part: last)
            case .dotted:
                throw TOMLDefinitionError(message: "table `\(TOMLKeyPath.display(path))` was already defined by dotted keys", part: last)
            }
        case .tableArray(let array)?:
            guard arrayElement else {
                throw TOMLDefinitionError(message: "`\(TOMLKeyPath.display(path))` is an array of tables; use [[\(TOMLKeyPath.display(path))]] to add an element", part: last)
            }
            let child = table.child(name, origin: .header)
            array.tables.append(child)
            return child
        case .value(let v)?:
            throw TOMLDefinitionError(message: "`\(TOMLKeyPath.display(path))` is already \(describe(v))", part: last)
        }
    }

    /// Adds `key = value` to `table`, the body of section `section`: dotted keys make or
    /// extend tables of this section only; a key is defined once.
    static func keyValue(_ key: [String], _ value: TOMLValue, in table: TOMLTableNode, section: Int) throws(TOMLDefinitionError) {
        var table = table
        for (i, name) in key.dropLast().enumerated() {
            switch table.entries[name] {
            case nil:
                let child = table.child(name, origin: .dotted(section: section))
                table.insert(name, .table(child))
                table = child
            case .table(let child)?:
                switch child.origin {
                case .dotted(let s) where s == section:
                    break
                case .implicit:
                    // Made by a deeper header; now defined by these dotted keys.
                    child.origin = .dotted(section: section)
                case .dotted, .header:
                    throw TOMLDefinitionError(message: "table `\(TOMLKeyPath.display(child.path))` is already defined; dotted keys cannot add to it here", part: i)
                }
                table = child
            case .tableArray?:
                throw TOMLDefinitionError(message: "`\(TOMLKeyPath.display(table.path + [name]))` is an array of tables; dotted keys cannot add to it", part: i)
            case .value(let v)?:
                throw TOMLDefinitionError(message: "`\(TOMLKeyPath.display(table.path + [name]))` is already \(describe(v)); dotted keys cannot add to it", part: i)
            }
        }
        let last = key.count - 1
        guard table.entries[key[last]] == nil else {
            throw TOMLDefinitionError(message: "duplicate key `\(TOMLKeyPath.display(table.path + [key[last]]))`", part: last)
        }
        table.insert(key[last], .value(value))
    }

    private static func describe(_ value: TOMLValue) -> String {
        if case .table = value { return "an inline table" }
        return value.kindName
    }
}
