#include "synth/cancer_catalog.hpp"

namespace oncoshare::synth {

namespace {

// Order matters: Weighted::index and the dictionary's choice order both refer to it.
constexpr std::array<CodedValue, 9> kTopographies{{
    {"C50.4", "C50.4 Upper-outer quadrant of breast", "C50.4"},
    {"C50.9", "C50.9 Breast, NOS", "C50.9"},
    {"C34.1", "C34.1 Upper lobe, lung", "C34.1"},
    {"C34.9", "C34.9 Lung, NOS", "C34.9"},
    {"C18.7", "C18.7 Sigmoid colon", "C18.7"},
    {"C18.9", "C18.9 Colon, NOS", "C18.9"},
    {"C19.9", "C19.9 Rectosigmoid junction", "C19.9"},
    {"C20.9", "C20.9 Rectum, NOS", "C20.9"},
    {"C61.9", "C61.9 Prostate gland", "C61.9"},
}};
constexpr std::array<Cancer, 9> kTopographyCancer{
    Cancer::breast,     Cancer::breast,     Cancer::lung,       Cancer::lung,    Cancer::colorectal,
    Cancer::colorectal, Cancer::colorectal, Cancer::colorectal, Cancer::prostate};

constexpr std::array<CodedValue, 6> kMorphologies{{
    {"8500_3", "8500/3 Infiltrating duct carcinoma, NOS", "8500/3"},
    {"8520_3", "8520/3 Lobular carcinoma, NOS", "8520/3"},
    {"8140_3", "8140/3 Adenocarcinoma, NOS", "8140/3"},
    {"8070_3", "8070/3 Squamous cell carcinoma, NOS", "8070/3"},
    {"8041_3", "8041/3 Small cell carcinoma, NOS", "8041/3"},
    {"8480_3", "8480/3 Mucinous adenocarcinoma", "8480/3"},
}};

constexpr std::array<CodedValue, 10> kDrugs{{
    {"1", "tamoxifen", "10324"},     {"2", "letrozole", "72965"},
    {"3", "trastuzumab", "224905"},  {"4", "cisplatin", "2555"},
    {"5", "carboplatin", "40048"},   {"6", "docetaxel", "72962"},
    {"7", "capecitabine", "194000"}, {"8", "oxaliplatin", "32592"},
    {"9", "pembrolizumab", "1547545"}, {"10", "paclitaxel", "56946"},
}};

constexpr std::array<Weighted, 2> kBreastSites{{{0, 0.4}, {1, 0.6}}};
constexpr std::array<Weighted, 2> kLungSites{{{2, 0.5}, {3, 0.5}}};
constexpr std::array<Weighted, 4> kColorectalSites{{{4, 0.3}, {5, 0.3}, {6, 0.1}, {7, 0.3}}};
constexpr std::array<Weighted, 1> kProstateSites{{{8, 1.0}}};

constexpr std::array<Weighted, 2> kBreastMorph{{{0, 0.8}, {1, 0.2}}};
constexpr std::array<Weighted, 3> kLungMorph{{{2, 0.5}, {3, 0.35}, {4, 0.15}}};
constexpr std::array<Weighted, 2> kColorectalMorph{{{2, 0.85}, {5, 0.15}}};
constexpr std::array<Weighted, 1> kProstateMorph{{{2, 1.0}}};

constexpr std::array<std::size_t, 5> kBreastDrugs{0, 1, 2, 5, 9};
constexpr std::array<std::size_t, 5> kLungDrugs{3, 4, 5, 8, 9};
constexpr std::array<std::size_t, 2> kColorectalDrugs{6, 7};
constexpr std::array<std::size_t, 1> kProstateDrugs{5};

const std::array<CancerProfile, kCancerCount> kProfiles{{
    {"breast", 0.35, kBreastSites, kBreastMorph, kBreastDrugs, 61, 12, 0.01,
     {0.2, 0.45, 0.33, 0.02}, {0.45, 0.4, 0.1, 0.05}, {0.6, 0.25, 0.1, 0.05}, 0.06, true},
    {"lung", 0.25, kLungSites, kLungMorph, kLungDrugs, 68, 9, 0.55,
     {0.1, 0.35, 0.45, 0.1}, {0.25, 0.35, 0.2, 0.2}, {0.4, 0.2, 0.3, 0.1}, 0.35, true},
    {"colorectal", 0.25, kColorectalSites, kColorectalMorph, kColorectalDrugs, 68, 11, 0.55,
     {0.15, 0.6, 0.2, 0.05}, {0.1, 0.2, 0.5, 0.2}, {0.5, 0.3, 0.2, 0.0}, 0.2, false},
    {"prostate", 0.15, kProstateSites, kProstateMorph, kProstateDrugs, 70, 8, 1.0,
     {0.3, 0.4, 0.25, 0.05}, {0.4, 0.4, 0.15, 0.05}, {0.85, 0.15, 0.0, 0.0}, 0.08, false},
}};

}  // namespace

std::span<const CodedValue> topographies() { return kTopographies; }
Cancer topography_cancer(std::size_t index) { return kTopographyCancer.at(index); }
std::span<const CodedValue> morphologies() { return kMorphologies; }
std::span<const CodedValue> drugs() { return kDrugs; }
const CancerProfile& profile(Cancer cancer) { return kProfiles.at(static_cast<std::size_t>(cancer)); }

}  // namespace oncoshare::synth
