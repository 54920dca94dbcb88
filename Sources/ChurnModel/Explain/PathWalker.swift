import Foundation

/// One element of a TreeSHAP decision path: a feature met on the way down, the fraction of
/// cover that flows through when it is "off" (`zero`) and whether the row follows it when "on"
/// (`one`), plus the permutation weight of paths with that many "on" features.
struct PathElement {
    var feature: Int32
    var zero: Float
    var one: Float
    var weight: Float
}

/// The recursive walk of TreeSHAP over one tree for one row (XGBoost's `TreeShap`, with no
/// conditioning), writing into `phi`. Each recursion level copies the parent's path into the
/// next slice of a preallocated triangular buffer, so the walk never allocates.
struct PathWalker {
    let nodes: UnsafePointer<TreeEnsemble.PackedNode>
    let covers: UnsafePointer<Float>
    let row: UnsafePointer<Float>
    let phi: UnsafeMutablePointer<Float>

    func visit(
        node: Int, uniqueDepth: Int, parentPath: UnsafeMutablePointer<PathElement>,
        parentZero: Float, parentOne: Float, parentFeature: Int32
    ) {
        let path = parentPath + uniqueDepth + 1
        path.update(from: parentPath, count: uniqueDepth + 1)
        Self.extend(path, depth: uniqueDepth, zero: parentZero, one: parentOne, feature: parentFeature)
        let current = nodes[node]

        if current.isLeaf {
            guard uniqueDepth >= 1 else { return }
            // A feature the row did not follow here (one == 0) unwinds to a sum shared by all such
            // features divided by its own `zero`, and then is weighed by (0 - zero): its
            // contribution is minus the shared sum times the leaf (Fast TreeSHAP v1). Compute that
            // sum once per leaf instead of an O(depth) unwinding per feature.
            var coldContribution: Float = 0
            var coldReady = false
            for index in 1...uniqueDepth {
                let element = path[index]
                let contribution: Float
                if element.one == 1 {
                    let weight = Self.followedUnwoundSum(path, depth: uniqueDepth, index: index)
                    contribution = weight * (element.one - element.zero) * current.value
                } else if element.one != 0 {
                    let weight = Self.unwoundSum(path, depth: uniqueDepth, index: index)
                    contribution = weight * (element.one - element.zero) * current.value
                } else if element.zero != 0 {
                    if !coldReady {
                        coldContribution = Float(-Self.coldUnwoundSum(path, depth: uniqueDepth) * Double(current.value))
                        coldReady = true
                    }
                    contribution = coldContribution
                } else {
                    continue  // weight * (0 - 0) * value = 0
                }
                phi[Int(element.feature)] += contribution
            }
            return
        }

        let x = row[current.feature]
        let hot = x.isNaN ? current.defaultChild : (x < current.value ? current.left : current.right)
        let cold = hot == current.left ? current.right : current.left
        let cover = covers[node]
        let hotZero = covers[Int(hot)] / cover
        let coldZero = covers[Int(cold)] / cover
        var incomingZero: Float = 1
        var incomingOne: Float = 1
        var depth = uniqueDepth

        // A feature split on again higher up is undone, so that it appears once on the path.
        let feature = Int32(current.feature)
        var index = 0
        while index <= depth, path[index].feature != feature { index += 1 }
        if index != depth + 1 {
            incomingZero = path[index].zero
            incomingOne = path[index].one
            Self.unwind(path, depth: depth, index: index)
            depth -= 1
        }

        visit(
            node: Int(hot), uniqueDepth: depth + 1, parentPath: path,
            parentZero: hotZero * incomingZero, parentOne: incomingOne, parentFeature: feature)
        visit(
            node: Int(cold), uniqueDepth: depth + 1, parentPath: path,
            parentZero: coldZero * incomingZero, parentOne: 0, parentFeature: feature)
    }

    /// XGBoost's `ExtendPath`; the operation order is kept so Float results match.
    @inline(__always)
    static func extend(_ path: UnsafeMutablePointer<PathElement>, depth: Int, zero: Float, one: Float, feature: Int32) {
        path[depth] = PathElement(feature: feature, zero: zero, one: one, weight: depth == 0 ? 1 : 0)
        let next = Float(depth + 1)
        var i = depth - 1
        while i >= 0 {
            path[i + 1].weight += one * path[i].weight * Float(i + 1) / next
            path[i].weight = zero * path[i].weight * Float(depth - i) / next
            i -= 1
        }
    }

    /// XGBoost's `UnwindPath`: removes element `index` from a path of `depth + 1` elements.
    @inline(__always)
    static func unwind(_ path: UnsafeMutablePointer<PathElement>, depth: Int, index: Int) {
        let one = path[index].one, zero = path[index].zero
        let next = Float(depth + 1)
        var nextOnePortion = path[depth].weight
        var i = depth - 1
        while i >= 0 {
            if one != 0 {
                let saved = path[i].weight
                path[i].weight = nextOnePortion * next / (Float(i + 1) * one)
                nextOnePortion = saved - path[i].weight * zero * Float(depth - i) / next
            } else {
                path[i].weight = (path[i].weight * next) / (zero * Float(depth - i))
            }
            i -= 1
        }
        var j = index
        while j < depth {
            path[j].feature = path[j + 1].feature
            path[j].zero = path[j + 1].zero
            path[j].one = path[j + 1].one
            j += 1
        }
    }

    /// `unwoundSum` of any element with `one == 0`, times its `zero`: XGBoost adds
    /// `(weight[i] / zero) / ((depth - i) / (depth + 1))` over `i`, so factoring `zero` out leaves
    /// a sum every such element shares. Summed in Double, so that the factoring does not cost
    /// accuracy: the result is within an ulp of XGBoost's and usually closer to the exact value.
    @inline(__always)
    static func coldUnwoundSum(_ path: UnsafeMutablePointer<PathElement>, depth: Int) -> Double {
        let next = Double(depth + 1)
        var total: Double = 0
        var i = depth - 1
        while i >= 0 {
            total += Double(path[i].weight) * next / Double(depth - i)
            i -= 1
        }
        return total
    }

    /// ``unwoundSum(_:depth:index:)`` of an element with `one == 1` (a feature the row followed, the
    /// only non-zero `one` without conditioning): the same operations without the `* one`, which
    /// is exact, so the result is bit for bit XGBoost's.
    @inline(__always)
    static func followedUnwoundSum(_ path: UnsafeMutablePointer<PathElement>, depth: Int, index: Int) -> Float {
        let zero = path[index].zero
        let next = Float(depth + 1)
        var nextOnePortion = path[depth].weight
        var total: Float = 0
        var i = depth - 1
        while i >= 0 {
            let portion = nextOnePortion * next / Float(i + 1)
            total += portion
            nextOnePortion = path[i].weight - portion * zero * (Float(depth - i) / next)
            i -= 1
        }
        return total
    }

    /// XGBoost's `UnwoundPathSum`: the total permutation weight if element `index` were unwound.
    @inline(__always)
    static func unwoundSum(_ path: UnsafeMutablePointer<PathElement>, depth: Int, index: Int) -> Float {
        let one = path[index].one, zero = path[index].zero
        let next = Float(depth + 1)
        var nextOnePortion = path[depth].weight
        var total: Float = 0
        var i = depth - 1
        while i >= 0 {
            if one != 0 {
                let portion = nextOnePortion * next / (Float(i + 1) * one)
                total += portion
                nextOnePortion = path[i].weight - portion * zero * (Float(depth - i) / next)
            } else if zero != 0 {
                total += (path[i].weight / zero) / (Float(depth - i) / next)
            }
            i -= 1
        }
        return total
    }
}
