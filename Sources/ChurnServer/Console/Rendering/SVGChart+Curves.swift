import ChurnModel

extension SVGChart {
    /// Curves on the unit square (ROC, precision–recall), one polyline per series with a legend,
    /// so two model versions can be drawn on one chart. `chance` draws the diagonal a ROC curve is
    /// measured against.
    static func curves(
        _ title: String, xLabel: String, yLabel: String, chance: Bool, series: [(name: String, color: String, points: [CurvePoint])]
    ) -> String {
        let plot = 240.0, left = 44.0, top = 12.0, legendWidth = 170
        let width = Int(left + plot) + 16 + legendWidth, height = Int(top + plot) + 40
        func px(_ value: Double) -> String { number(left + min(max(value, 0), 1) * plot) }
        func y(_ value: Double) -> Double { top + plot - min(max(value, 0), 1) * plot }
        func py(_ value: Double) -> String { number(y(value)) }
        var svg = open(title, width: width, height: height)
        svg += "<rect x=\"\(number(left))\" y=\"\(number(top))\" width=\"\(number(plot))\" height=\"\(number(plot))\" fill=\"none\" stroke=\"#888\"/>"
        if chance { svg += "<line x1=\"\(px(0))\" y1=\"\(py(0))\" x2=\"\(px(1))\" y2=\"\(py(1))\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>" }
        for (value, text) in [(0.0, "0"), (0.5, "0.5"), (1.0, "1")] {
            svg += "<text x=\"\(px(value))\" y=\"\(number(top + plot + 14))\" text-anchor=\"middle\" font-size=\"10\">\(text)</text>"
            svg += "<text x=\"\(number(left - 4))\" y=\"\(number(y(value) + 4))\" text-anchor=\"end\" font-size=\"10\">\(text)</text>"
        }
        svg += "<text x=\"\(px(0.5))\" y=\"\(height - 6)\" text-anchor=\"middle\" font-size=\"11\">\(escape(xLabel))</text>"
        svg += "<text x=\"10\" y=\"\(py(0.5))\" font-size=\"11\" transform=\"rotate(-90 10 \(py(0.5)))\" text-anchor=\"middle\">\(escape(yLabel))</text>"
        for (index, line) in series.enumerated() {
            let points = line.points.map { "\(px($0.x)),\(py($0.y))" }.joined(separator: " ")
            svg += "<polyline class=\"curve\" fill=\"none\" stroke-width=\"2\" stroke=\"\(escape(line.color))\" points=\"\(points)\"/>"
            let legendX = Int(left + plot) + 16, legendY = Int(top) + 14 + index * 18
            svg += "<rect x=\"\(legendX)\" y=\"\(legendY - 9)\" width=\"10\" height=\"10\" fill=\"\(escape(line.color))\"/>"
            svg += "<text x=\"\(legendX + 15)\" y=\"\(legendY)\" font-size=\"12\">\(escape(line.name))</text>"
        }
        return svg + "</svg>"
    }
}
