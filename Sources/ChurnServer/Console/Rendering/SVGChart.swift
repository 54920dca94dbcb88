import Foundation

/// Charts drawn on the server as SVG elements: no script, no CDN, no inline style (colours are
/// presentation attributes, allowed by the console's Content-Security-Policy). Every label is
/// escaped here, because the chart is inserted into the page unescaped.
enum SVGChart {
    static let tierColors = ["CRITICAL": "#b2182b", "HIGH": "#ef8a62", "MEDIUM": "#fddbc7", "LOW": "#67a9cf"]
    static let palette = ["#b2182b", "#ef8a62", "#f4c26b", "#67a9cf", "#2166ac", "#5aae61"]

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    static func open(_ title: String, width: Int, height: Int) -> String {
        "<svg class=\"chart\" role=\"img\" aria-label=\"\(escape(title))\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(escape(title))</title>"
    }

    /// Horizontal bars, one per label, scaled to the largest value; the value printed at the bar's end.
    static func bars(_ title: String, _ items: [(label: String, value: Double, text: String, color: String)]) -> String {
        let rowHeight = 26, labelWidth = 170, barWidth = 320
        let height = max(1, items.count) * rowHeight + 10
        let largest = max(items.map(\.value).max() ?? 0, 1e-9)
        var svg = open(title, width: labelWidth + barWidth + 110, height: height)
        for (index, item) in items.enumerated() {
            let y = 5 + index * rowHeight
            let width = max(0, item.value / largest * Double(barWidth))
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 17)\" text-anchor=\"end\" font-size=\"13\">\(escape(item.label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(number(width))\" height=\"\(rowHeight - 8)\" fill=\"\(escape(item.color))\"/>"
            svg += "<text x=\"\(number(Double(labelWidth) + width + 6))\" y=\"\(y + 17)\" font-size=\"12\">\(escape(item.text))</text>"
        }
        return svg + "</svg>"
    }

    /// Lines over shared x labels (e.g. scoring days), each series with its colour and a legend.
    static func lines(_ title: String, xLabels: [String], series: [(name: String, color: String, values: [Double])]) -> String {
        let width = 620, height = 240, left = 50, right = 130, top = 10, bottom = 40
        let plotWidth = Double(width - left - right), plotHeight = Double(height - top - bottom)
        let largest = max(series.flatMap(\.values).max() ?? 0, 1)
        var svg = open(title, width: width, height: height)
        svg += "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - right)\" y2=\"\(height - bottom)\" stroke=\"#888\"/>"
        svg += "<text x=\"\(left - 4)\" y=\"\(top + 10)\" text-anchor=\"end\" font-size=\"11\">\(Int(largest))</text>"
        svg += "<text x=\"\(left - 4)\" y=\"\(height - bottom)\" text-anchor=\"end\" font-size=\"11\">0</text>"
        let step = xLabels.count > 1 ? plotWidth / Double(xLabels.count - 1) : 0
        for (index, label) in xLabels.enumerated() where index == 0 || index == xLabels.count - 1 || xLabels.count <= 7 {
            svg += "<text x=\"\(number(Double(left) + Double(index) * step))\" y=\"\(height - bottom + 16)\" text-anchor=\"middle\" font-size=\"11\">\(escape(label))</text>"
        }
        for (seriesIndex, line) in series.enumerated() {
            let points = line.values.enumerated().map { index, value in
                "\(number(Double(left) + Double(index) * step)),\(number(Double(top) + plotHeight * (1 - value / largest)))"
            }
            if points.count == 1 {
                let xy = points[0].split(separator: ",")
                svg += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"4\" fill=\"\(escape(line.color))\"/>"
            } else {
                svg += "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"\(escape(line.color))\" points=\"\(points.joined(separator: " "))\"/>"
            }
            let legendY = top + 14 + seriesIndex * 18
            svg += "<rect x=\"\(width - right + 10)\" y=\"\(legendY - 9)\" width=\"10\" height=\"10\" fill=\"\(escape(line.color))\"/>"
            svg += "<text x=\"\(width - right + 25)\" y=\"\(legendY)\" font-size=\"12\">\(escape(line.name))</text>"
        }
        return svg + "</svg>"
    }

    /// A SHAP waterfall: from the base value (from zero without one, when the first step carries
    /// it), each reason's contribution (log-odds) as a step up (towards churn, red) or down (blue),
    /// ending at the score's log-odds.
    static func waterfall(_ title: String, base: Double? = nil, steps: [(label: String, value: Double)], total: String = "score (log-odds)") -> String {
        let rowHeight = 24, labelWidth = 230, plotWidth = 330
        let baseRows = base == nil ? 0 : 1
        let height = (steps.count + 1 + baseRows) * rowHeight + 10
        let base = base ?? 0
        var running = base
        var positions = [base]
        for step in steps { running += step.value; positions.append(running) }
        let low = min(positions.min() ?? 0, 0), high = max(positions.max() ?? 0, 0)
        let span = max(high - low, 1e-9)
        func x(_ value: Double) -> Double { Double(labelWidth) + (value - low) / span * Double(plotWidth) }
        var svg = open(title, width: labelWidth + plotWidth + 90, height: height)
        svg += "<line x1=\"\(number(x(0)))\" y1=\"0\" x2=\"\(number(x(0)))\" y2=\"\(height)\" stroke=\"#bbb\"/>"
        func row(_ index: Int, _ label: String, from: Double, to: Double, color: String, text: String) {
            let y = 5 + index * rowHeight
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 16)\" text-anchor=\"end\" font-size=\"12\">\(escape(label))</text>"
            svg += "<rect x=\"\(number(min(x(from), x(to))))\" y=\"\(y + 3)\" width=\"\(number(max(1, abs(x(to) - x(from)))))\" height=\"\(rowHeight - 8)\" fill=\"\(color)\"/>"
            svg += "<text x=\"\(number(max(x(from), x(to)) + 5))\" y=\"\(y + 16)\" font-size=\"11\">\(escape(text))</text>"
        }
        if baseRows == 1 { row(0, "base value", from: 0, to: base, color: "#999", text: String(format: "%+.3f", base)) }
        var from = base
        for (index, step) in steps.enumerated() {
            row(index + baseRows, step.label, from: from, to: from + step.value, color: step.value >= 0 ? "#b2182b" : "#2166ac", text: String(format: "%+.3f", step.value))
            from += step.value
        }
        row(steps.count + baseRows, total, from: 0, to: from, color: "#555", text: String(format: "%.3f", from))
        return svg + "</svg>"
    }

    /// A reliability diagram: mean predicted against observed rate per bin, with the diagonal.
    static func reliability(_ title: String, bins: [(predicted: Double, observed: Double)]) -> String {
        let size = 260, margin = 34
        let plot = Double(size - 2 * margin)
        func px(_ value: Double) -> String { number(Double(margin) + value * plot) }
        func py(_ value: Double) -> String { number(Double(size - margin) - value * plot) }
        var svg = open(title, width: size, height: size)
        svg += "<rect x=\"\(margin)\" y=\"\(margin)\" width=\"\(Int(plot))\" height=\"\(Int(plot))\" fill=\"none\" stroke=\"#888\"/>"
        svg += "<line x1=\"\(px(0))\" y1=\"\(py(0))\" x2=\"\(px(1))\" y2=\"\(py(1))\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>"
        let points = bins.map { "\(px($0.predicted)),\(py($0.observed))" }
        if points.count > 1 { svg += "<polyline fill=\"none\" stroke=\"#b2182b\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>" }
        for bin in bins { svg += "<circle cx=\"\(px(bin.predicted))\" cy=\"\(py(bin.observed))\" r=\"3\" fill=\"#b2182b\"/>" }
        svg += "<text x=\"\(size / 2)\" y=\"\(size - 8)\" text-anchor=\"middle\" font-size=\"11\">predicted</text>"
        svg += "<text x=\"10\" y=\"\(size / 2)\" font-size=\"11\" transform=\"rotate(-90 10 \(size / 2))\" text-anchor=\"middle\">observed</text>"
        return svg + "</svg>"
    }
}
