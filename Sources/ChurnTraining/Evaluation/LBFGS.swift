import Foundation

/// Limited-memory BFGS with a backtracking (Armijo) line search, for the smooth convex objectives
/// of the baselines. Small and dependency-free on purpose: the baseline needs nothing more.
enum LBFGS {
    static func minimize(
        start: [Double], maxIterations: Int, memory: Int = 10, tolerance: Double = 1e-7,
        _ function: ([Double]) -> (Double, [Double])
    ) -> [Double] {
        var x = start
        var (value, gradient) = function(x)
        var steps: [[Double]] = []
        var gradientChanges: [[Double]] = []
        for _ in 0..<maxIterations {
            if norm(gradient) < tolerance { break }
            let direction = searchDirection(gradient: gradient, steps: steps, gradientChanges: gradientChanges)
            let slope = dot(direction, gradient)
            guard slope < 0 else { steps.removeAll(); gradientChanges.removeAll(); continue }
            var length = 1.0
            var candidate = x, candidateValue = value, candidateGradient = gradient
            var accepted = false
            for _ in 0..<40 {
                candidate = zip(x, direction).map { $0 + length * $1 }
                (candidateValue, candidateGradient) = function(candidate)
                if candidateValue <= value + 1e-4 * length * slope { accepted = true; break }
                length *= 0.5
            }
            guard accepted else { break }
            let step = zip(candidate, x).map { $0 - $1 }
            let change = zip(candidateGradient, gradient).map { $0 - $1 }
            if dot(step, change) > 1e-12 {
                steps.append(step)
                gradientChanges.append(change)
                if steps.count > memory { steps.removeFirst(); gradientChanges.removeFirst() }
            }
            let improvement = value - candidateValue
            x = candidate
            value = candidateValue
            gradient = candidateGradient
            if improvement < 1e-12 * max(1, abs(value)) { break }
        }
        return x
    }

    /// The two-loop recursion: −H·g with H the inverse-Hessian estimate from recent steps.
    private static func searchDirection(gradient: [Double], steps: [[Double]], gradientChanges: [[Double]]) -> [Double] {
        var q = gradient
        var alphas = [Double](repeating: 0, count: steps.count)
        for index in steps.indices.reversed() {
            let rho = 1 / dot(gradientChanges[index], steps[index])
            alphas[index] = rho * dot(steps[index], q)
            for k in q.indices { q[k] -= alphas[index] * gradientChanges[index][k] }
        }
        if let lastStep = steps.last, let lastChange = gradientChanges.last {
            let scale = dot(lastStep, lastChange) / dot(lastChange, lastChange)
            for k in q.indices { q[k] *= scale }
        }
        for index in steps.indices {
            let rho = 1 / dot(gradientChanges[index], steps[index])
            let beta = rho * dot(gradientChanges[index], q)
            for k in q.indices { q[k] += steps[index][k] * (alphas[index] - beta) }
        }
        return q.map { -$0 }
    }

    private static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for index in a.indices { sum += a[index] * b[index] }
        return sum
    }

    private static func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }
}
