/**
 * Small SWMM 5 networks written for the tests (no file from outside the repo): one in US units
 * (CFS, ft) touching every section the reader models plus unmodelled ones, one in SI (LPS, m).
 */

export const US_NETWORK = `;; floodtwin test network (US units)
[TITLE]
;;Project Title/Notes
Test network US
Second title line

[OPTIONS]
;;Option             Value
FLOW_UNITS           CFS
INFILTRATION         HORTON
FLOW_ROUTING         DYNWAVE
LINK_OFFSETS         DEPTH
FORCE_MAIN_EQUATION  H-W
START_DATE           06/01/2024
START_TIME           00:00:00
END_DATE             06/02/2024
END_TIME             06:00:00
REPORT_STEP          00:15:00
WET_STEP             00:05:00
DRY_STEP             1:00:00
ROUTING_STEP         0:00:30
ALLOW_PONDING        YES
SWEEP_START          01/01
TEMPDIR              "C:\\temp dir"

[EVAPORATION]
;;Data Source    Parameters
CONSTANT         0.0
DRY_ONLY         NO

[RAINGAGES]
;;Name           Format    Interval SCF      Source
RG1              INTENSITY 0:15     1.0      TIMESERIES Rain1
RG2              VOLUME    1.0      1.0      FILE       "rain data.dat"  STA1  IN

[SUBCATCHMENTS]
;;Name  RainGage  Outlet  Area  %Imperv  Width  %Slope  CurbLen  SnowPack
S1      RG1       J1      10    50       500    0.5     0
S2      RG2       S1      5.5   25       300    1       100      SNOW1

[SUBAREAS]
S1  0.012  0.1   0.05  0.2  25  OUTLET
S2  0.015  0.24  0.06  0.3  10  PERVIOUS  50

[INFILTRATION]
S1  3.0  0.5  4  7  0
S2  3.5  0.4  4  7  0  HORTON

[JUNCTIONS]
;;Name  Elevation  MaxDepth  InitDepth  SurDepth  Aponded
J1      100.5      10        0          0         0
J2      98.25      12        1.5        2         500     ; manhole with ponding
J3      95         8
J4      94         8         0          0         0

[OUTFALLS]
;;Name  Elevation  Type        Stage Data  Gated  Route To
O1      90         FREE                    NO
O2      89         FIXED       91.5        YES
O3      88         TIDAL       Tide1       NO
O4      87         TIMESERIES  Stage1      NO
O5      86         NORMAL                  NO     S2

[STORAGE]
;;Name  Elev  MaxDepth  InitDepth  Shape  Curve/Params  SurDepth  Fevap  Psi  Ksat  IMD
ST1     92    15        2          FUNCTIONAL   1000  0.5  200  0  0.5
ST2     91    10        0          TABULAR      SCurve1         1  0
ST3     90    12        0          CYLINDRICAL  20    10   0    0  0.3  4  0.8  0.25

[DIVIDERS]
D1  93  C6  CUTOFF  2.5  10  0  0  0

[CONDUITS]
;;Name  From  To   Length  Roughness  InOffset  OutOffset  InitFlow  MaxFlow
C1      J1    J2   400     0.013      0         0          0         0
C2      J2    J3   350.5   0.015      0.5       1          0         25
C3      J3    ST1  300     0.013      0         0
C4      ST1   O1   100     0.012      0         0          0         0
C5      J4    O2   200     0.013      0         0          0         0
C6      D1    O5   150     0.013      0         0          0         0
C7      D1    O4   150     0.013      0         0          0         0
C8      J4    O3   100     0.013      0         0          0         0

[PUMPS]
;;Name  From  To  Curve  Status  Startup  Shutoff
P1      ST1   J4  PC1    ON      2        0.5
P2      ST2   J4  *      OFF     0        0

[ORIFICES]
OR1  ST2  J4  SIDE    0.5  0.65  NO   0
OR2  ST3  J4  BOTTOM  0    0.6   YES  0.1

[WEIRS]
W1  J3   D1  TRANSVERSE   3  3.33  NO   0  0    YES
W2  ST3  O1  TRAPEZOIDAL  2  3.33  YES  2  2.5  NO
W3  ST2  O1  ROADWAY      4  0     NO   0  0    YES  20  PAVED

[OUTLETS]
OL1  ST1  O2  1    FUNCTIONAL/DEPTH  10       0.5  NO
OL2  ST3  O3  0.5  TABULAR/HEAD      Rating1  YES

[XSECTIONS]
;;Link  Shape        Geom1  Geom2   Geom3  Geom4  Barrels  Culvert
C1      CIRCULAR     1.5    0       0      0      1
C2      FORCE_MAIN   1      130     0      0      1
C3      RECT_CLOSED  3      4       0      0      2
C4      RECT_OPEN    2      5       0      0      1
C5      TRAPEZOIDAL  3      6       2      2      1
C6      TRIANGULAR   2      4       0      0      1
C7      EGG          2      0       0      0      1        4
C8      CUSTOM       3      Shape1  0      0      1
OR1     RECT_CLOSED  1      2       0      0
OR2     circular     0.5    0       0      0
W1      RECT_OPEN    2      10      0      0
W2      TRAPEZOIDAL  1      5       1      1
W3      RECT_OPEN    1      20      0      0

[LOSSES]
C1  0.5  0.5  0.1  NO   0
C2  0    1    0    YES  0.2

[CURVES]
;;Name   Type     X-Value  Y-Value
PC1      PUMP2    0        0
PC1               2        5
PC1               4        8       6  10
SCurve1  STORAGE  0        100
SCurve1           5        400
Tide1    TIDAL    0        1
Tide1             6        3       12  1  18  3  24  1
Rating1  RATING   0        0       1   2  2   6
Shape1   SHAPE    0        0.5     0.5 1  1   0.5

[TIMESERIES]
;;Name   Date        Time   Value
Rain1                0:00   0
Rain1                0:15   0.5
;peak
Rain1                0:30   1.2    0:45  0.3
Rain1                1:00   0
Stage1   06/01/2024  00:00  88
Stage1   06/01/2024  12:00  90.5
Stage1   06/02/2024  0:00   89
Inflow1  0  0  1  10  2  0
Ext1     FILE        "series data.dat"

[INFLOWS]
;;Node  Constituent  Time Series  Type    Mfactor  Sfactor  Baseline  Pattern
J1      FLOW         Inflow1      FLOW    1.0      1.0      2
J2      FLOW         ""           FLOW    1        1        0.5       Pat1
J3      TSS          Inflow1      CONCEN  1        1        5

[DWF]
J1  FLOW  0.25  ""  ""  Pat1
J3  TSS   20

[PATTERNS]
Pat1  HOURLY  1 1 1 1 1 1 1 1 1 1 1 1
Pat1          1 1 1 1 1 1 1 1 1 1 1 1

[REPORT]
INPUT      NO
NODES ALL

[COORDINATES]
;;Node  X-Coord  Y-Coord
J1   0    100
J2   50   100
J3   100  100
J4   150  50
O1   200  0
O2   200  50
O3   200  100
O4   250  0
O5   250  50
ST1  150  100
ST2  150  150
ST3  100  150
D1   120  60

[VERTICES]
C1  20  110
C1  35  105

[Polygons]
S1  -10  90
S1  10   90
S1  10   110
S2  -30  90
S2  -10  90
S2  -10  110
`;

export const SI_NETWORK = `[TITLE]
SI network (LPS)

[OPTIONS]
FLOW_UNITS           LPS
INFILTRATION         GREEN_AMPT
FLOW_ROUTING         DYNWAVE
START_DATE           07/15/2025
START_TIME           06:00
END_DATE             07/15/2025
END_TIME             18:00
ROUTING_STEP         5
REPORT_STEP          0.25

[RAINGAGES]
G1  INTENSITY  0:05  1.0  TIMESERIES  R1

[SUBCATCHMENTS]
A1  G1  M1  2.5  60  120  1.5  0

[SUBAREAS]
A1  0.013  0.15  2  5  20  OUTLET

[INFILTRATION]
A1  80  10  0.2

[JUNCTIONS]
M1  250.0  3.5  0  0.5  10
M2  248.2  4    0  0    0

[OUTFALLS]
OUT  245  FREE  NO

[STORAGE]
T1  246  5  0  TABULAR  TC  0  0

[CONDUITS]
P1  M1  M2   120  0.013  0    0  0  0
P2  M2  OUT  80   0.013  0.2  0  0  0

[PUMPS]
PU1  T1  M2  PCurve  ON  1.0  0.2

[WEIRS]
WE1  M2  T1  SIDEFLOW  1.2  1.84  NO  0  0  YES

[XSECTIONS]
P1   CIRCULAR     0.6  0    0  0  1
P2   RECT_CLOSED  1    1.5  0  0  1
WE1  RECT_OPEN    0.5  2    0  0

[CURVES]
TC      STORAGE  0  50  5  50
PCurve  PUMP3    0  120
PCurve           5  60
PCurve           10  0

[TIMESERIES]
R1  07/15/2025  06:00  0
R1  07/15/2025  06:05  12.5
R1  07/15/2025  06:10  40
R1  07/15/2025  06:15  0

[INFLOWS]
M1  FLOW  ""  FLOW  1  1  15

[COORDINATES]
M1   0    0
M2   120  0
OUT  200  0
T1   120  -20

[VERTICES]
P2  160  5

[POLYGONS]
A1  -20  -20
A1  20   -20
A1  0    20
`;
