/// Who a simulated customer is: the fixed facts a business records at signup (segment, plan,
/// contract, country, price) and the hidden traits that shape their behaviour (how well the
/// product fits them, price sensitivity, card reliability, crash exposure, support habits).
///
/// Hidden traits never reach the output directly; they act through the ``HealthProcess`` and the
/// event rates of ``CustomerSimulator``, so a model has to infer them from activity.
struct CustomerProfile {
    var index: Int
    /// Lowercase UUID v4 text, 36 bytes.
    var id: [UInt8]
    var signupDay: Int
    var signedUpBeforeWindow: Bool
    var segment: Int
    var plan: Int
    var contract: Int
    /// 0 = unknown, else 1 + index into ``countries``.
    var country: Int
    /// Months between invoices: 1, or 12 for some annual and two-year contracts.
    var billingMonths: Int
    var seats: Double
    var mrr: Double
    /// Product fit, ~N(0, 1) shifted down when the plan does not suit the segment.
    var fit: Double
    var priceSensitivity: Double
    /// Probability that a first charge attempt fails, before health.
    var cardRisk: Double
    var crashRate: Double
    var supportPropensity: Double
    /// Mean extra sessions on an active day at neutral health.
    var sessionRate: Double
    /// Feature events per session at neutral health.
    var breadth: Double
    /// The long-run level of health that the process reverts to.
    var healthMean: Double
    /// Would try the competitor of the drift scenario.
    var competitorExposed: Bool

    static let countries = ["AU", "BR", "CA", "DE", "ES", "FR", "GB", "IE", "IN", "IT", "JP", "MX", "NL", "PL", "SE", "SG", "US"]
    private static let countryWeights: [Double] = [4, 5, 6, 8, 3, 6, 9, 1, 6, 3, 4, 2, 3, 2, 2, 2, 34]
    /// Countries where cards fail more often (prepaid and debit cards, cross-border charges).
    private static let riskyCardCountries: Set<String> = ["BR", "IN", "MX"]

    static let segmentWeights: [Double] = [0.62, 0.28, 0.10]
    /// Plan weights per segment (basic, standard, premium, enterprise).
    static let planWeights: [[Double]] = [[0.50, 0.35, 0.13, 0.02], [0.12, 0.45, 0.35, 0.08], [0.0, 0.10, 0.40, 0.50]]
    /// Contract weights per segment (monthly, annual, two_year).
    static let contractWeights: [[Double]] = [[0.72, 0.25, 0.03], [0.35, 0.55, 0.10], [0.10, 0.60, 0.30]]
    /// List price per seat and month, USD, by plan.
    static let listPrice: [Double] = [12, 29, 59, 95]
    /// The plans that suit each segment.
    private static let suitedPlans: [ClosedRange<Int>] = [0...1, 1...2, 2...3]

    static func sample(index: Int, config: GeneratorConfig, random: inout GeneratorRandom) -> CustomerProfile {
        var id = [UInt8](repeating: 0, count: 36)
        RowEncoder.writeUUID(random.next(), random.next(), into: &id)

        let windowDays = config.end - config.start
        let newShare = Double(config.months) / Double(config.months + 42)
        let signedUpBefore = !random.bernoulli(newShare)
        let signupDay: Int
        if signedUpBefore {
            // Up to three years back, more of them recent (a growing business).
            signupDay = config.start.daysSinceEpoch - 1 - Int(1094 * GeneratorMath.pow(random.uniform(), 1.4))
        } else {
            signupDay = config.start.daysSinceEpoch + random.int(below: windowDays)
        }

        let segment = random.pick(weights: segmentWeights)
        let plan = random.pick(weights: planWeights[segment])
        let contract = random.pick(weights: contractWeights[segment])
        let countryIndex = random.pick(weights: countryWeights)
        let country = random.bernoulli(0.004) ? 0 : countryIndex + 1
        let billingMonths = contract == 0 ? 1 : (random.bernoulli(contract == 1 ? 0.55 : 0.5) ? 12 : 1)

        let seats: Double
        switch segment {
        case 0: seats = min(20, max(1, random.logNormal(median: 2.5, sigma: 0.6).rounded()))
        case 1: seats = min(150, max(5, random.logNormal(median: 18, sigma: 0.6).rounded()))
        default: seats = min(600, max(25, random.logNormal(median: 90, sigma: 0.6).rounded()))
        }
        let discount = [1.0, 0.9, 0.85][contract]
        let mrr = (listPrice[plan] * seats * discount * 100).rounded() / 100

        var fit = random.gaussian()
        if plan < suitedPlans[segment].lowerBound { fit -= 0.5 }  // under-bought: missing features
        if plan > suitedPlans[segment].upperBound { fit -= 0.2 }  // over-bought: paying for unused features
        let priceSensitivity = random.logNormal(median: [1.3, 0.9, 0.6][segment] * (plan > suitedPlans[segment].upperBound ? 1.4 : 1), sigma: 0.4)
        var cardRisk = random.logNormal(median: [0.03, 0.018, 0.01][segment], sigma: 0.6)
        if country > 0, riskyCardCountries.contains(countries[country - 1]) { cardRisk *= 1.8 }
        if billingMonths == 12 { cardRisk *= 0.6 }  // invoiced annually, mostly by transfer

        let tenureAtStart = Double(max(0, config.start.daysSinceEpoch - signupDay))
        var healthMean = 0.3 + 0.45 * fit + [0, 0.15, 0.3][segment] + 0.3 * random.gaussian()
        // Long-standing customers are the ones who stayed: survivors are healthier on average.
        healthMean += 0.25 * min(1, tenureAtStart / 730)

        let exposed: Bool
        switch segment {
        case 0: exposed = random.bernoulli(0.6)
        case 1: exposed = plan <= 1 && random.bernoulli(0.4)
        default: exposed = false
        }

        return CustomerProfile(
            index: index, id: id, signupDay: signupDay, signedUpBeforeWindow: signedUpBefore,
            segment: segment, plan: plan, contract: contract, country: country, billingMonths: billingMonths,
            seats: seats, mrr: mrr, fit: fit, priceSensitivity: priceSensitivity, cardRisk: min(0.3, cardRisk),
            crashRate: random.logNormal(median: 0.012, sigma: 0.7),
            supportPropensity: random.logNormal(median: 1, sigma: 0.5),
            sessionRate: 0.8 * GeneratorMath.pow(seats, 0.35) * random.logNormal(median: 1, sigma: 0.3),
            breadth: 2.2 * GeneratorMath.exp(0.3 * fit) * random.logNormal(median: 1, sigma: 0.25),
            healthMean: healthMean, competitorExposed: exposed)
    }

    /// Months in one contract term.
    var termMonths: Int { [1, 12, 24][contract] }
}
