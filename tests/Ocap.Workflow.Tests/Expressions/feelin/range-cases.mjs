// Case list for the FEEL range functions (DMN 1.4 §10.3.4.7): [expression, answer by the specification's formulas].
export const cases = [
  // before
  ['before(1, 10)', true], ['before(10, 1)', false], ['before(1, 1)', false], ['before("a", "b")', true],
  ['before(1, [1..10])', false], ['before(1, (1..10])', true], ['before(0, [1..10])', true], ['before(5, [1..10])', false],
  ['before([1..10], 10)', false], ['before([1..10), 10)', true], ['before([1..10], 11)', true], ['before([1..10], 5)', false],
  ['before([1..5], [6..10])', true], ['before([1..5], [5..10])', false], ['before([1..5), [5..10])', true], ['before([1..5], (5..10])', true], ['before([1..6], [5..10])', false], ['before([6..10], [1..5])', false],
  ['before(< 5, 10)', true], ['before(1, > 5)', true], ['before(> 5, 10)', false], ['before(< 5, [5..10])', true], ['before(<= 5, [5..10])', false],
  ['before(null, 1)', null], ['before(1, null)', null], ['before(1, "a")', null], ['before([1..5], ["a".."z"])', null], ['before(true, false)', null],
  ['before(date("2024-01-01"), [date("2024-02-01")..date("2024-03-01")])', true],
  // after
  ['after(10, 1)', true], ['after(1, 10)', false], ['after(1, 1)', false], ['after(12, [1..10])', true], ['after(10, [1..10))', true], ['after(10, [1..10])', false],
  ['after([11..20], 10)', true], ['after((10..20], 10)', true], ['after([10..20], 10)', false],
  ['after([6..10], [1..5])', true], ['after([5..10], [1..5])', false], ['after((5..10], [1..5])', true], ['after([5..10], [1..5))', true], ['after([1..5], [6..10])', false],
  ['after(> 5, 5)', true], ['after(>= 5, 5)', false], ['after(null, 1)', null], ['after("b", 1)', null],
  // meets, met by
  ['meets([1..5], [5..10])', true], ['meets([1..5), [5..10])', false], ['meets([1..5], (5..10])', false], ['meets([1..5], [6..10])', false],
  ['meets(1, [1..2])', null], ['meets([1..5], null)', null], ['meets([1..5], ["a".."z"])', null],
  ['met by([5..10], [1..5])', true], ['met by([5..10], [1..5))', false], ['met by((5..10], [1..5])', false], ['met by([6..10], [1..5])', false], ['met by([5..10], 5)', null],
  // overlaps
  ['overlaps([1..5], [3..8])', true], ['overlaps([3..8], [1..5])', true], ['overlaps([1..8], [3..5])', true], ['overlaps([3..5], [1..8])', true],
  ['overlaps([1..5], [6..8])', false], ['overlaps([6..8], [1..5])', false], ['overlaps([1..5], [5..8])', true], ['overlaps([1..5), [5..8])', false], ['overlaps([5..8], [1..5))', false],
  ['overlaps(< 5, > 3)', true], ['overlaps(< 3, > 5)', false], ['overlaps(1, [1..2])', null], ['overlaps(null, [1..2])', null],
  ['overlaps([duration("P1D")..duration("P5D")], [duration("P3D")..duration("P9D")])', true],
  // overlaps before, overlaps after
  ['overlaps before([1..5], [3..8])', true], ['overlaps before([1..5], [6..8])', false], ['overlaps before([1..5], [5..8])', true], ['overlaps before([1..5), [5..8])', false],
  ['overlaps before([1..5), (1..5])', true], ['overlaps before([1..5], (1..5])', true], ['overlaps before([1..5], [1..5])', false], ['overlaps before([0..5), [1..5])', true], ['overlaps before([3..8], [1..5])', false],
  ['overlaps after([3..8], [1..5])', true], ['overlaps after([6..8], [1..5])', false], ['overlaps after([5..8], [1..5])', true], ['overlaps after([5..8], [1..5))', false],
  ['overlaps after((1..5], [1..5))', true], ['overlaps after((1..5], [1..5])', true], ['overlaps after([1..5], [1..5])', false], ['overlaps after([1..5], [3..8])', false],
  // finishes, finished by
  ['finishes(5, [1..5])', true], ['finishes(5, [1..5))', false], ['finishes(4, [1..5])', false], ['finishes([3..5], [1..5])', true], ['finishes((3..5], [1..5])', true],
  ['finishes([3..5), [1..5))', true], ['finishes([3..5), [1..5])', false], ['finishes([1..5], [1..5])', true], ['finishes((1..5], [1..5])', true], ['finishes([1..5], (1..5])', false], ['finishes([0..5], [1..5])', false],
  ['finishes([1..5], 5)', null],
  ['finished by([1..5], 5)', true], ['finished by([1..5), 5)', false], ['finished by([1..5], [3..5])', true], ['finished by((1..5], [1..5])', false], ['finished by([1..5], (1..5])', true],
  ['finished by([1..5], [1..5])', true], ['finished by([3..5], [1..5])', false], ['finished by(5, [1..5])', null],
  // includes, during
  ['includes([1..10], 5)', true], ['includes([1..10], 10)', true], ['includes([1..10), 10)', false], ['includes([1..10], 11)', false], ['includes((1..10], 1)', false],
  ['includes([1..10], [4..6])', true], ['includes([1..10], [1..10])', true], ['includes([1..10), [1..10])', false], ['includes((1..10], [1..10])', false], ['includes((1..10], (1..10])', true],
  ['includes([5..10], [1..6])', false], ['includes(> 5, 100)', true], ['includes(< 5, 5)', false], ['includes(<= 5, 5)', true], ['includes(5, [1..10])', null], ['includes([1..10], "a")', null],
  ['includes([@"2024-01-01T00:00:00Z"..@"2024-12-31T23:59:59Z"], @"2024-06-15T12:00:00Z")', true],
  ['during(5, [1..10])', true], ['during(1, (1..10])', false], ['during([4..6], [1..10])', true], ['during([1..10], [1..10])', true], ['during((1..10], [1..10])', true],
  ['during([1..10], (1..10])', false], ['during([1..6], [5..10])', false], ['during([1..10], 5)', null], ['during(time("10:00:00"), [time("09:00:00")..time("17:00:00")])', true],
  // starts, started by
  ['starts(1, [1..10])', true], ['starts(1, (1..10])', false], ['starts(2, [1..10])', false], ['starts([1..5], [1..10])', true], ['starts((1..5], (1..10])', true],
  ['starts((1..5], [1..10])', false], ['starts([1..10], [1..10])', true], ['starts([1..10], [1..10))', false], ['starts([1..10), [1..10])', true], ['starts([2..5], [1..10])', false], ['starts([1..10], 1)', null],
  ['started by([1..10], 1)', true], ['started by((1..10], 1)', false], ['started by([1..10], [1..5])', true], ['started by((1..10], (1..5])', true], ['started by([1..10], (1..5])', false],
  ['started by([1..10], [1..10])', true], ['started by([1..10), [1..10])', false], ['started by([1..10], [1..10))', true], ['started by(1, [1..10])', null],
  // coincides
  ['coincides(5, 5)', true], ['coincides(3, 4)', false], ['coincides("a", "a")', true], ['coincides([1..5], [1..5])', true], ['coincides((1..5], [1..5])', false],
  ['coincides([1..5], [1..5))', false], ['coincides([1..5], [1..6])', false], ['coincides(1, "a")', null], ['coincides(5, [5..5])', null], ['coincides(null, 5)', null],
  // named parameters, as the specification names them
  ['before(point1: 1, point2: 2)', true], ['before(point: 1, range: [2..3])', true], ['before(range1: [1..2], range2: [3..4])', true],
  ['before(range: [1..2], point: 3)', false], ['after(range1: [5..6], range2: [1..2])', true],
  ['includes(range: [1..5], point: 3)', true], ['includes(range1: [1..5], range2: [2..3])', true], ['includes(range1: [1..5], range2: 3)', null],
  ['during(point: 3, range: [1..5])', true], ['during(range1: [2..3], range2: [1..5])', true], ['finishes(range1: [3..5], range2: [1..5])', true],
  ['finished by(range: [1..5], point: 5)', true], ['starts(point: 1, range: [1..2])', true], ['started by(range: [1..2], point: 1)', true],
  ['meets(range1: [1..5], range2: [5..6])', true], ['met by(range1: [5..6], range2: [1..5])', true], ['overlaps(range1: [1..5], range2: [3..6])', true],
  ['overlaps before(range1: [1..5], range2: [3..6])', true], ['overlaps after(range1: [3..6], range2: [1..5])', true],
  ['coincides(point1: 1, point2: 1)', true], ['coincides(range1: [1..2], range2: 1)', null],
];
