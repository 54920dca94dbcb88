import ChurnModel
import Foundation
import Testing
@testable import ChurnData

@Suite struct GeneratorOutputTests {
    @Test func theTablesLoadCleanlyPassTheGateAndBuildFeatures() throws {
        let (directory, manifest) = try GeneratorFixtures.generate(customers: 400, months: 7, seed: 5)
        for table in GeneratedTable.allCases {
            let (header, rows) = try GeneratorFixtures.rows(directory, table.fileName)
            #expect(header == table.header)
            #expect(rows.count == manifest.rowCounts[table.fileName])
            #expect(rows.allSatisfy { $0.count == header.count }, "\(table.fileName) has a row with the wrong number of cells")
        }
        let tables = try CustomerTables.load(directory: directory)
        #expect(tables.customerCount == 400)
        for report in tables.reports {
            #expect(report.skippedRows == 0, "\(report.file): \(report.examples.first?.description ?? "")")
            #expect(report.columns.allSatisfy { $0.present }, "\(report.file) lacks a column the loader reads")
            #expect(report.rows == manifest.rowCounts[report.file])
        }
        #expect(tables.dataStart == CalendarDay(year: 2025, month: 1, day: 1))
        #expect(tables.dataEnd == CalendarDay(year: 2025, month: 8, day: 1))
        #expect(DataQualityGate().check(raw: tables).passed)

        let dates = try SnapshotDates.parse("monthly", dataStart: tables.dataStart, dataEnd: tables.dataEnd)
        #expect(dates.count == 6)
        let builder = FeatureBuilder(asOfDates: dates, labeler: ChurnLabeler(horizonDays: 90, dataEnd: tables.dataEnd!))
        let rows = try builder.rows(tables: tables)
        #expect(rows.count > 1500)
        #expect(rows.contains { $0.label == true })
        #expect(rows.contains { $0.label == false })
        let table = FeatureTable(schema: PointInTimeFeatures.schema(countries: tables.countries), rows: rows)
        let reportOnly = Set(PointInTimeFeature.allCases.filter { !$0.enforcesOutlierShare }.map(\.spec.name))
        #expect(DataQualityGate().check(table, reportOnlyOutliers: reportOnly).passed)
    }

    @Test func churnedCustomersDoNothingAfterChurningAndNothingHappensOutsideTheWindow() throws {
        let (directory, manifest) = try GeneratorFixtures.generate(customers: 1500, months: 12, seed: 11)
        let start = manifest.start
        let end = manifest.end  // YYYY-MM-DD compares like the dates and timestamps it prefixes
        var churnedAt: [String: String] = [:]
        for row in try GeneratorFixtures.rows(directory, "churn_events.csv").rows {
            #expect(churnedAt[row[0]] == nil, "customer \(row[0]) churned twice")
            churnedAt[row[0]] = row[1]
            #expect(row[1] >= start && row[1] < end)
        }
        #expect(churnedAt.count == manifest.churnedCustomers)
        #expect(churnedAt.count > 50)
        var signup: [String: String] = [:]
        for row in try GeneratorFixtures.rows(directory, "customers.csv").rows { signup[row[0]] = row[1] }

        func check(_ file: String, customer: Int, time: Int, strictlyBeforeChurn: Bool, dayOnly: Bool = false) throws -> Int {
            var checked = 0
            for row in try GeneratorFixtures.rows(directory, file).rows {
                let at = row[time]
                #expect(at >= start && at < end, "\(file): \(at) is outside the window")
                #expect(at >= signup[row[customer]]!, "\(file): \(at) is before signup")
                guard let churn = churnedAt[row[customer]] else { continue }
                checked += 1
                if dayOnly {
                    #expect(at < String(churn.prefix(10)), "\(file): activity on \(at) for a customer who churned at \(churn)")
                } else if strictlyBeforeChurn {
                    #expect(at < churn, "\(file): \(at) is not before the churn at \(churn)")
                } else {
                    #expect(at <= churn, "\(file): \(at) is after the churn at \(churn)")
                }
            }
            return checked
        }
        #expect(try check("engagement_daily.csv", customer: 0, time: 1, strictlyBeforeChurn: true, dayOnly: true) > 1000)
        #expect(try check("transactions.csv", customer: 1, time: 2, strictlyBeforeChurn: true) > 100)
        #expect(try check("subscription_changes.csv", customer: 0, time: 1, strictlyBeforeChurn: false) > 50)
        #expect(try check("support_tickets.csv", customer: 1, time: 2, strictlyBeforeChurn: true) > 50)
        for row in try GeneratorFixtures.rows(directory, "support_tickets.csv").rows where !row[3].isEmpty {
            #expect(row[3] >= row[2] && row[3] < end, "ticket \(row[0]) resolved at \(row[3])")
            if let churn = churnedAt[row[1]] { #expect(row[3] <= churn) }
        }
    }

    @Test func customersSignUpBeforeAndDuringTheWindowAndChurnAtASaneRate() throws {
        let (directory, manifest) = try GeneratorFixtures.generate(customers: 2000, months: 12, seed: 21)
        let customers = try GeneratorFixtures.rows(directory, "customers.csv").rows
        let before = customers.filter { $0[1] < manifest.start }.count
        #expect((1200...1800).contains(before), "\(before) of 2000 signed up before the window")
        // Customer-years at risk: a full year for existing customers, about half a year for new ones.
        let exposure = Double(before) + Double(customers.count - before) / 2
        let rate = Double(manifest.churnedCustomers) / exposure
        #expect(rate > 0.10 && rate < 0.25, "churn rate \(rate) per customer-year")
        let reasons = Set(try GeneratorFixtures.rows(directory, "churn_events.csv").rows.map { $0[2] })
        #expect(reasons.isSuperset(of: ["price", "product_fit", "payment_failure", "business_closed"]))
        // Annual and two-year customers mostly leave when their term ends.
        let contract = Dictionary(uniqueKeysWithValues: customers.map { ($0[0], ($0[5], $0[6])) })
        var termEnd = 0
        var annual = 0
        for row in try GeneratorFixtures.rows(directory, "churn_events.csv").rows where contract[row[0]]!.0 != "monthly" {
            annual += 1
            if row[1].hasPrefix(contract[row[0]]!.1) { termEnd += 1 }
        }
        #expect(annual > 20)
        #expect(Double(termEnd) / Double(annual) > 0.7)
    }
}

@Suite struct OfferResponseModelTests {
    @Test func eachOfferSuitsItsKindOfCustomer() {
        let priceSensitive = OfferResponseModel.lifts(segment: 0, priceSensitivity: 2.0, fit: 1.0)
        let poorFit = OfferResponseModel.lifts(segment: 0, priceSensitivity: 0.4, fit: -2.0)
        let enterprise = OfferResponseModel.lifts(segment: 2, priceSensitivity: 0.6, fit: 0.5)
        #expect(OfferResponseModel.archetype(priceSensitive) == 1)
        #expect(OfferResponseModel.archetype(poorFit) == 2)
        #expect(OfferResponseModel.archetype(enterprise) == 0)
        for lifts in [priceSensitive, poorFit, enterprise] { #expect(lifts.allSatisfy { (0...0.95).contains($0) }) }
    }

    @Test func theGroundTruthCoversEveryCustomerOnce() throws {
        let (directory, _) = try GeneratorFixtures.generate(customers: 400, months: 7, seed: 5)
        let customers = Set(try GeneratorFixtures.rows(directory, "customers.csv").rows.map { $0[0] })
        let (header, rows) = try GeneratorFixtures.rows(directory, "offer_responses.csv")
        #expect(header == OfferResponseModel.header)
        #expect(rows.count == 400 && Set(rows.map { $0[0] }) == customers)
        // All three kinds of customer occur, and the archetype names the best offer.
        #expect(Set(rows.map { $0[1] }) == ["strategic", "price-sensitive", "poor-fit"])
        for row in rows {
            let lifts = row[2...].map { Double($0)! }
            #expect(["strategic", "price-sensitive", "poor-fit"][OfferResponseModel.archetype(Array(lifts))] == row[1])
        }
    }
}
